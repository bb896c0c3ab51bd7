#!/usr/bin/env bash
# golden.sh GENERATE - writes tests/firmware/golden/ from the host build: one file per
# ids run of the committed models (default, zybo) in examples/firmware/cases.txt,
# holding the generate command, the model's crc32 and its `ids:` line (.ids), and one
# per text run holding exactly what generate prints (.txt); zybo-m0's runs (zybo.elm on
# the microbit, a shorter context) too. (stories260K is not committed:
# its runs are compared with the host build at test time.)
set -eu
cd "$(dirname "$0")/../.."
. tests/firmware/lib.sh
gen=$1
n=0
for model in default zybo zybo-m0; do
    path=$(fw_model_path $model)
    [ -f "$path" ] || { echo "golden: $path absent, skipped"; continue; }
    rm -f tests/firmware/golden/${model}_*.ids
    while IFS='|' read -r steps temp topk topp seed prompt; do
        out=$(fw_golden_name $model "$steps" "$temp" "$topk" "$topp" "$seed")
        ids=$("$gen" -m "$path" -i "$prompt" -n "$steps" -t "$temp" -k "$topk" -p "$topp" -s "$seed" --ids 2>/dev/null)
        case "$ids" in "ids:"*) ;; *) echo "golden: generate failed for $out" >&2; exit 1 ;; esac
        printf '# generate -m %s -i "%s" -n %s -t %s -k %s -p %s -s %s --ids\n# model crc32: %s\n%s\n' \
            "$path" "$prompt" "$steps" "$temp" "$topk" "$topp" "$seed" "$(fw_model_crc "$path")" "$ids" >"$out"
        n=$((n + 1))
    done < <(fw_cases $model ids)
    while IFS='|' read -r steps temp topk topp seed prompt; do
        out=$(fw_golden_name $model "$steps" "$temp" "$topk" "$topp" "$seed" | sed 's/\.ids$/.txt/')
        "$gen" -m "$path" -i "$prompt" -n "$steps" -t "$temp" -k "$topk" -p "$topp" -s "$seed" >"$out" 2>/dev/null \
            || { echo "golden: generate failed for $out" >&2; exit 1; }
        n=$((n + 1))
    done < <(fw_cases $model text)
done
echo "golden: $n files in tests/firmware/golden/"
