#!/usr/bin/env python3
"""Writes the stand-in Lambda packages the Terraform tests plan against.

terraform test must work before `make package` has produced dist/*.zip, so the
tests point dist_dir at modules/stateless/tests/fixtures/lambda-packages. The zips are
committed; this script only documents (and can re-create) them. Output is
byte-identical on every run: fixed timestamp, fixed permissions.
"""
import pathlib
import zipfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "modules/stateless/tests/fixtures/lambda-packages"
SOURCE = (
    "// terraform test fixture standing in for dist/{name}.zip\n"
    "export const handler = async () => ({{ statusCode: 200, body: 'fixture {name}' }});\n"
)

OUT.mkdir(parents=True, exist_ok=True)
for name in ("authorizer", "ingest", "processor", "query", "migrate"):
    info = zipfile.ZipInfo("index.mjs", date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(OUT / f"{name}.zip", "w") as archive:
        archive.writestr(info, SOURCE.format(name=name))
    print(OUT / f"{name}.zip")
