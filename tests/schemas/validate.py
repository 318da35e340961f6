#!/usr/bin/env python3
"""validate.py SCHEMA_DIR FILE... — checks files tsq load reads against the
JSON Schemas in SCHEMA_DIR (draft 2020-12), offline.

A file is read the way tsdb/load.c reads it: JSON Lines (each non-blank line
a record, checked against record.schema.json) unless it is a JSON array or a
document, which are checked whole against document.schema.json. JSON is
parsed as strictly as the loader's parser (jansson): no NaN or Infinity, no
duplicate keys.

Prints one line per invalid record, "FILE:LINE: FIELD: message" (for whole
files "FILE: FIELD: message", FIELD written as the loader writes it, e.g.
facts[2].period) and exits 1 if there was any; 0 if all are valid; 2 on a
usage or schema error.

Patterns are matched as ECMA-262 (the dialect JSON Schema uses) would: '$'
is the end of the string (Python's also matches before a final newline),
and \\d, \\w are ASCII."""
import json
import os
import re
import sys

try:
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError, best_match
except ImportError as e:  # pragma: no cover
    print(f"validate.py: {e} (install python3-jsonschema)", file=sys.stderr)
    sys.exit(2)
try:
    from referencing import Registry, Resource
except ImportError:  # jsonschema before 4.18 (Debian 12's 4.10) resolves $ref itself
    Registry = None
    from jsonschema import RefResolver

_compiled = {}


def ecma(pattern):
    """Compiles an ECMA-262 pattern as Python re, translating a bare '$'."""
    if pattern not in _compiled:
        out, i, in_class = [], 0, False
        while i < len(pattern):
            c = pattern[i]
            if c == "\\":
                out.append(pattern[i:i + 2])
                i += 2
                continue
            if in_class:
                in_class = c != "]"
            elif c == "[":
                in_class = True
            elif c == "$":
                c = r"\Z"
            out.append(c)
            i += 1
        _compiled[pattern] = re.compile("".join(out), re.ASCII)
    return _compiled[pattern]


def pattern_keyword(validator, patrn, instance, schema):
    if validator.is_type(instance, "string") and not ecma(patrn).search(instance):
        what = schema.get("title")
        yield ValidationError(f"{short(instance)} is not a valid {what}" if what
                              else f"{short(instance)} does not match {patrn!r}")


Validator = validators.extend(Draft202012Validator, {"pattern": pattern_keyword})
# Crossing a $ref into another file picks the class registered for that
# file's "$schema": make it this one, so that every pattern is matched alike.
validators.validates("https://json-schema.org/draft/2020-12/schema")(Validator)


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 60 else s[:57] + "..."


def load_registry(schema_dir):
    registry, by_name = Registry() if Registry else {}, {}
    for name in sorted(os.listdir(schema_dir)):
        if not name.endswith(".schema.json"):
            continue
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        if Registry:
            registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
        else:
            registry[schema["$id"]] = schema
        by_name[name] = schema
    return registry, by_name


def validator(schema, registry):
    if Registry:
        return Validator(schema, registry=registry)
    return Validator(schema, resolver=RefResolver(schema["$id"], schema, store=registry))


def field(path):
    """A JSON path as the loader names fields: facts[2].period, [3].value."""
    s = ""
    for p in path:
        s += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if s else p)
    return s


def message(err):
    if err.validator in ("anyOf", "oneOf", "not") and "description" in err.schema:
        return f"{short(err.instance)}: expected {err.schema['description'][0].lower()}" \
               f"{err.schema['description'][1:]}"
    if err.validator == "additionalProperties":
        return "unknown field " + ", ".join(
            short(k) for k in err.instance if k not in err.schema.get("properties", {}))
    return err.message


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise ValueError(f"duplicate key {short(k)}")
        obj[k] = v
    return obj


def parse(text):
    return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)


def is_whole(text):
    """Is the file an array or a document (else JSON Lines)? As load_stream."""
    head = text.lstrip(" \t\r\n")
    if head.startswith("["):
        return True
    if not head.startswith("{"):
        return False
    try:
        first = json.loads(head.split("\n", 1)[0])
    except ValueError:
        return True
    return (isinstance(first, dict) and "type" not in first and "indicator" not in first
            and any(k in first for k in ("facts", "indicators", "sources", "regions")))


def check_json(text, at, validator_, report):
    """Reports, prefixed with at (the file, or file:line), why text is not
    JSON or the schema error that best says what is wrong with it."""
    try:
        value = parse(text)
    except ValueError as e:
        report(f"{at}: invalid JSON: {e}")
        return
    err = best_match(validator_.iter_errors(value))
    if err is not None:
        where = field(err.absolute_path)
        report(f"{at}: {where + ': ' if where else ''}{message(err)}")


def check_file(path, validators_, report):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        report(f"{path}: not UTF-8: {e}")
        return
    if is_whole(text):
        check_json(text, path, validators_["document"], report)
        return
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip(" \t\r"):
            check_json(line, f"{path}:{n}", validators_["record"], report)


def main(argv):
    if len(argv) < 3:
        print("usage: validate.py SCHEMA_DIR FILE...", file=sys.stderr)
        return 2
    try:
        registry, schemas = load_registry(argv[1])
        vals = {k: validator(schemas[f"{k}.schema.json"], registry)
                for k in ("record", "document")}
    except Exception as e:  # a broken schema is not an invalid record
        print(f"validate.py: {argv[1]}: {e}", file=sys.stderr)
        return 2
    bad = []

    def report(line):
        bad.append(line)
        print(line)

    for path in argv[2:]:
        check_file(path, vals, report)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
