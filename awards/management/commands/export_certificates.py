"""Write the certificates of an edition (or one list) into a folder, one PDF per award."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from awards.certificates import rendering
from awards.models import Edition

# Awards laid out per WeasyPrint document: bounds memory on any batch size.
CHUNK = 50


class Command(BaseCommand):
    help = _("把一届(或其中一个榜单)的证书写入文件夹,每个奖项一个 PDF,文件以获奖对象命名。")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help=_("届次年份,例如 2022"))
        parser.add_argument("--list", dest="slug", help=_("只导出这个榜单(网址标识)"))
        parser.add_argument("-o", "--output", required=True, help=_("输出文件夹(不存在则创建)"))
        parser.add_argument("--language", choices=rendering.LANGUAGES, default="zh-hans")
        parser.add_argument(
            "--base-url", default="", help=_("二维码里的网站地址;默认用 PUBLIC_BASE_URL")
        )
        parser.add_argument(
            "--combined", action="store_true", help=_("另外写一个包含全部证书的 PDF")
        )

    def handle(self, *args, year, slug, output, language, base_url, combined, **options):
        edition = Edition.objects.filter(year=year).first()
        if edition is None:
            raise CommandError(_("没有 %(year)d 年的届次。") % {"year": year})
        award_list = None
        if slug:
            award_list = edition.award_lists.filter(slug=slug).first()
            if award_list is None:
                slugs = ", ".join(edition.award_lists.values_list("slug", flat=True))
                raise CommandError(
                    _("%(year)d 年没有网址标识为「%(slug)s」的榜单。现有:%(slugs)s")
                    % {"year": year, "slug": slug, "slugs": slugs or "-"}
                )
        base_url = base_url or settings.PUBLIC_BASE_URL
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(
                _(
                    "请用 --base-url 或环境变量 PUBLIC_BASE_URL 指定网站地址,例如 https://awards.example.org"
                )
            )
        try:
            rendering.check_fonts()
        except rendering.CertificateUnavailable as error:
            raise CommandError(str(error)) from error
        awards = list(rendering.awards_for(edition=edition, award_list=award_list))
        target = Path(output)
        target.mkdir(parents=True, exist_ok=True)
        written = self._write(awards, target, base_url, language, combined, award_list)
        if options["verbosity"] > 0:
            self.stderr.write(
                _("已写入 %(count)d 张证书到 %(path)s") % {"count": written, "path": target}
            )

    def _write(self, awards, target, base_url, language, combined, award_list) -> int:
        folders: dict[int, Path] = {}
        taken: dict[Path, set[str]] = {}
        documents = []
        progress = tqdm(total=len(awards), unit=_("张"), desc=_("证书"), disable=None)
        with progress:
            for start in range(0, len(awards), CHUNK):
                chunk = awards[start : start + CHUNK]
                certificates = rendering.build(chunk, base_url=base_url, language=language)
                document = rendering.document(certificates)
                for award, page in zip(chunk, document.pages, strict=True):
                    folder = target
                    if award_list is None:
                        if award.award_list_id not in folders:
                            label = f"{award.award_list.position:02d}-{award.award_list.name}"
                            name = rendering.safe_name(
                                label, taken.setdefault(target, set()), suffix=""
                            )
                            folders[award.award_list_id] = target / name
                            folders[award.award_list_id].mkdir(exist_ok=True)
                        folder = folders[award.award_list_id]
                    name = rendering.safe_name(
                        f"{award.position:02d}-{award.nominee.name}",
                        taken.setdefault(folder, set()),
                    )
                    (folder / name).write_bytes(document.copy([page]).write_pdf())
                    progress.update(1)
                if combined:
                    documents.append(document)
        if combined and documents:
            label = f"{awards[0].award_list.edition.year}-" + (
                award_list.slug if award_list else "all"
            )
            pages = [page for document in documents for page in document.pages]
            (target / f"{label}.pdf").write_bytes(documents[0].copy(pages).write_pdf())
        return len(awards)
