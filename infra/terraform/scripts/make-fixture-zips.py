#!/usr/bin/env python3
"""Writes the stand-in Lambda packages the Terraform tests plan against.

terraform test must work before `make package` has produced dist/*.zip, so the
tests point dist_dir at modules/stateless/tests/fixtures/lambda-packages. A
second set, lambda-packages-next, is the same release with a new ingest
package: the tests that prove a release publishes a version of every function
plan against it. The zips are committed; this script only documents (and can
re-create) them. Output is byte-identical on every run: fixed timestamp, fixed
permissions.
"""
import pathlib
import zipfile

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "modules/stateless/tests/fixtures"
FUNCTIONS = ("authorizer", "ingest", "processor", "query", "control", "relay", "migrate")
SOURCE = (
    "// terraform test fixture standing in for dist/{name}.zip{suffix}\n"
    "export const handler = async () => ({{ statusCode: 200, body: 'fixture {name}' }});\n"
)


def write(directory: str, changed: tuple[str, ...] = ()) -> None:
    out = FIXTURES / directory
    out.mkdir(parents=True, exist_ok=True)
    for name in FUNCTIONS:
        info = zipfile.ZipInfo("index.mjs", date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        suffix = " (next release)" if name in changed else ""
        with zipfile.ZipFile(out / f"{name}.zip", "w") as archive:
            archive.writestr(info, SOURCE.format(name=name, suffix=suffix))
        print(out / f"{name}.zip")


write("lambda-packages")
write("lambda-packages-next", changed=("ingest",))
