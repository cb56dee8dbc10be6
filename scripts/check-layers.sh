#!/usr/bin/env bash
# Fails when a layer includes a layer above it (STYLE.md §2):
#   base < sip < transport < transaction < dialog < sdp < rtp < media < session < apps
# Checks every #include <sessioncore/LAYER/...> in include/sessioncore/<layer>/ and src/<layer>/.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

layers=(base sip transport transaction dialog sdp rtp media session)
rank() {
    local i
    for i in "${!layers[@]}"; do
        [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }
    done
    echo -1
}

status=0
for layer in "${layers[@]}"; do
    own=$(rank "$layer")
    for dir in "include/sessioncore/$layer" "src/$layer"; do
        [ -d "$dir" ] || continue
        while IFS=: read -r file line text; do
            used=$(sed -E 's|.*<sessioncore/([a-z_]+)/.*|\1|' <<<"$text")
            used_rank=$(rank "$used")
            if [ "$used_rank" -lt 0 ] || [ "$used_rank" -gt "$own" ]; then
                echo "check-layers: $file:$line: layer '$layer' includes '$used' ($text)" >&2
                status=1
            fi
        done < <(grep -rnE '#include <sessioncore/' "$dir" || true)
    done
done
[ "$status" -eq 0 ] && echo "check-layers: no upward includes"
exit "$status"
