"""Share images (og:image, 1200×630 PNG per edition, list and nominee page) and the default
favicon, drawn with Pillow and a CJK font. Imports the core and awards.identity only."""
