-- wrk script: each connection walks the list of paths given after "--", round robin.
-- Usage: wrk -s bench/paths.lua http://127.0.0.1:PORT -- / /2022/ /search/?q=chengdu
local paths = {}
local counter = 0

function init(args)
  for i = 1, #args do
    paths[#paths + 1] = args[i]
  end
  if #paths == 0 then
    paths[1] = "/"
  end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
