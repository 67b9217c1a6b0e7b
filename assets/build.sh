#!/usr/bin/env bash
# Build councilguard's front-end assets into src/councilguard/static/dist/ (git-ignored).
#
#   bash assets/build.sh
#
# Runs from the project root whatever the current directory. Installs the pinned npm
# packages (package-lock.json) when node_modules is missing or older than the lock file,
# compiles assets/councilguard.scss, and copies GOV.UK Frontend's JavaScript and htmx (no
# images or fonts: no GOV.UK branding, and a system font stack). Idempotent: when nothing has changed it
# does no work beyond a few file comparisons.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

dist=src/councilguard/static/dist
govuk=node_modules/govuk-frontend/dist/govuk
stamp=node_modules/.councilguard-npm-ci

log() { printf 'assets: %s\n' "$*"; }

# 1. npm packages, exactly as locked.
if [[ ! -f $stamp || package-lock.json -nt $stamp || package.json -nt $stamp ]]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "assets: npm is needed to install the front-end packages (apt-get install npm)" >&2
        exit 1
    fi
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
fi

# Copy $1 to $2 only when the content differs (keeps mtimes stable, so reruns are no-ops).
copy_if_changed() {
    local src=$1 dst=$2
    if [[ ! -f $dst ]] || ! cmp -s "$src" "$dst"; then
        mkdir -p "$(dirname "$dst")"
        cp "$src" "$dst.tmp.$$"
        mv -f "$dst.tmp.$$" "$dst"
        log "copied $dst"
    fi
}

mkdir -p "$dist"

# 2. Stylesheet, compiled only when an input is newer than the output.
css=$dist/councilguard.css
if [[ ! -f $css ]] || [[ -n "$(find assets package-lock.json -newer "$css" -print -quit)" ]]; then
    log "sass assets/councilguard.scss -> $css"
    # --quiet-deps hides GOV.UK Frontend's own deprecation notices; our one @import of it
    # is the documented way to load govuk-frontend 5 with settings.
    node_modules/.bin/sass \
        --style=compressed \
        --no-source-map \
        --load-path=node_modules \
        --quiet-deps \
        --silence-deprecation=import \
        assets/councilguard.scss "$css.tmp.$$"
    mv -f "$css.tmp.$$" "$css"
fi

# 3. JavaScript: GOV.UK Frontend (an ES module, with the source map it names) and htmx.
copy_if_changed "$govuk/govuk-frontend.min.js" "$dist/govuk-frontend.min.js"
copy_if_changed "$govuk/govuk-frontend.min.js.map" "$dist/govuk-frontend.min.js.map"
copy_if_changed node_modules/htmx.org/dist/htmx.min.js "$dist/htmx.min.js"

# 4. No GOV.UK images or fonts: the only image the stylesheet names is the crest of the
#    GOV.UK footer, which councilguard does not use (councils are not GOV.UK).
rm -rf "$dist/govuk"

log "up to date in $dist"
