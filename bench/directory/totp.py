"""Prints the current TOTP code (RFC 6238) of an otpauth:// URI or a base32 secret.

Used by run.sh to enrol the benchmark analyst's second factor through the real API.
"""
import base64
import hashlib
import hmac
import struct
import sys
import time
import urllib.parse


def main() -> None:
    arg = sys.argv[1]
    digits, period, algorithm = 6, 30, "SHA1"
    if arg.startswith("otpauth://"):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(arg).query)
        secret = query["secret"][0]
        digits = int(query.get("digits", ["6"])[0])
        period = int(query.get("period", ["30"])[0])
        algorithm = query.get("algorithm", ["SHA1"])[0].upper()
    else:
        secret = arg
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    step = int(time.time()) // period
    digest = hmac.new(key, struct.pack(">Q", step), getattr(hashlib, algorithm.lower())).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    print(str(value % 10**digits).zfill(digits))


if __name__ == "__main__":
    main()
