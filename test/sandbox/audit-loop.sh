#!/usr/bin/env bash
# The audit SageMaker.5 auditors run today with the AWS CLI: list every model, describe each, and print
# (sorted) the names of those whose EnableNetworkIsolation is false.
# Usage: audit-loop.sh <endpoint-url> [parallel describe calls, default 8]
set -euo pipefail
endpoint="$1"
parallel="${2:-8}"
export LC_ALL=C

/usr/bin/aws --endpoint-url "$endpoint" --no-cli-pager sagemaker list-models \
    --query 'Models[].ModelName' --output text |
  tr '\t' '\n' | sed '/^$/d' |
  xargs -P "$parallel" -I{} /usr/bin/aws --endpoint-url "$endpoint" --no-cli-pager sagemaker describe-model \
    --model-name {} --query '[ModelName, EnableNetworkIsolation]' --output text |
  awk -F'\t' '$2 == "False" { print $1 }' |
  sort
