"""Static files in production: WhiteNoise's compressed, hashed storage, with one allowance.

GOV.UK Frontend's stylesheet names the GOV.UK footer crest, which councilguard does not ship
(no GOV.UK branding: assets/build.sh copies no GOV.UK images) and never shows. Django's hashed
storage would stop `collectstatic` at that url(); this leaves url()s into GOV.UK's image
folder as they are when the file is not there, and hashes everything else as before.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage

UNSHIPPED = "dist/govuk/assets/images/"


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def hashed_name(self, name, content=None, filename=None):
        clean = self.clean_name(name)
        if content is None and clean.startswith(UNSHIPPED) and not self.exists(clean):
            return name
        return super().hashed_name(name, content, filename)
