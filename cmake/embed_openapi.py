"""Converts api/openapi.yaml to JSON and writes it as a C++ source file, so warroomd
serves the contract it was built with at /api/openapi.json."""
import json
import sys

import yaml


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    if ')openapi"' in text:
        raise SystemExit("the document contains the raw-string delimiter")
    with open(target, "w", encoding="utf-8") as f:
        f.write("// Generated from api/openapi.yaml by cmake/embed_openapi.py; do not edit.\n")
        f.write('#include "server/http/api.h"\n\nnamespace warroom::http {\n\n')
        f.write("const std::string& OpenApiJson() {\n")
        f.write('  static const std::string kDoc = R"openapi(' + text + ')openapi";\n')
        f.write("  return kDoc;\n}\n\n}  // namespace warroom::http\n")


if __name__ == "__main__":
    main()
