"""Public verification: /verify/ (a form to type a code) and /verify/<code>/ (the record).

A code answers with the award as the record holds it now, valid or withdrawn; a code that is
unknown, malformed or belongs to an unpublished edition answers 404 with the same helpful page,
so drafts reveal nothing. One query per page; cached like every public page.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from awards import codes
from awards.models import Award


@require_safe
def verify_form(request):
    """A small GET form; a typed code is normalised and sent on to its page."""
    typed = request.GET.get("code")
    if typed is not None:
        code = codes.normalize(typed)
        if code:
            return redirect(reverse("awards:verify", kwargs={"code": codes.grouped(code)}))
    return render(
        request,
        "awards/certificates/verify_form.html",
        {"typed": (typed or "")[:100], "invalid": typed is not None},
    )


@require_safe
def verify(request, code: str):
    canonical = codes.normalize(code)
    if canonical and codes.grouped(canonical) != code:
        # Lower case, missing dashes, O for 0: one address per certificate.
        return redirect(
            reverse("awards:verify", kwargs={"code": codes.grouped(canonical)}), permanent=True
        )
    award = (
        Award.objects.published()
        .filter(verification_code=canonical)
        .select_related("award_list__edition", "nominee", "case", "case__nominee")
        .first()
        if canonical
        else None
    )
    if award is None:
        return render(
            request,
            "awards/certificates/verify_not_found.html",
            {"code": code[:40]},
            status=404,
        )
    return render(request, "awards/certificates/verify.html", {"award": award, "code": code})
