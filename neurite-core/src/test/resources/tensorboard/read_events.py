#!/usr/bin/env python3
"""An independent reader of TensorBoard event files, without TensorFlow or protobuf.

Follows the documented formats: TFRecord framing (tensorflow/core/lib/io/record_writer.cc:
uint64 length, masked CRC32C of the length, data, masked CRC32C of the data) and the messages of
tensorflow/core/util/event.proto, framework/summary.proto and framework/graph.proto, decoded
field by field from the protobuf wire format. CRC32C is computed here bit by bit (Castagnoli
polynomial, reflected 0x82F63B78), not taken from the writer.

Usage: read_events.py FILE...   prints one JSON document; exit 1 on any framing or CRC error.
"""
import json
import struct
import sys


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def fields(buf):
    """Yields (field number, wire type, value) of one message."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            n, i = varint(buf, i)
            value, i = buf[i:i + n], i + n
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield field, wire, value


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    if result >= 1 << 63:
        result -= 1 << 64
    return result, i


def f64(b):
    return struct.unpack("<d", b)[0]


def histogram(buf):
    h = {"bucket_limit": [], "bucket": []}
    names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
    for field, wire, value in fields(buf):
        if field in names:
            h[names[field]] = f64(value)
        elif field in (6, 7):
            key = "bucket_limit" if field == 6 else "bucket"
            h[key] += [f64(value[j:j + 8]) for j in range(0, len(value), 8)] if wire == 2 else [f64(value)]
    return h


def shape(buf):
    dims = []
    for field, _, value in fields(buf):
        if field == 2:
            for f, _, v in fields(value):
                if f == 1:
                    dims.append(v)
    return dims


def graph(buf):
    nodes = []
    for field, _, value in fields(buf):
        if field != 1:
            continue
        node = {"name": "", "op": "", "inputs": [], "output_shapes": []}
        for f, _, v in fields(value):
            if f == 1:
                node["name"] = v.decode()
            elif f == 2:
                node["op"] = v.decode()
            elif f == 3:
                node["inputs"].append(v.decode())
            elif f == 5:
                entry = dict((ef, ev) for ef, _, ev in fields(v))
                if entry.get(1) == b"_output_shapes":
                    for af, _, av in fields(entry[2]):
                        if af == 1:
                            node["output_shapes"] += [shape(sv) for lf, _, sv in fields(av) if lf == 7]
        nodes.append(node)
    return nodes


def event(buf):
    e = {}
    for field, _, value in fields(buf):
        if field == 1:
            e["wall_time"] = f64(value)
        elif field == 2:
            e["step"] = value
        elif field == 3:
            e["file_version"] = value.decode()
        elif field == 4:
            e["graph"] = graph(value)
        elif field == 5:
            for sf, _, sv in fields(value):
                if sf != 1:
                    continue
                tag, item = None, None
                for vf, _, vv in fields(sv):
                    if vf == 1:
                        tag = vv.decode()
                    elif vf == 2:
                        item = ("scalars", struct.unpack("<f", vv)[0])
                    elif vf == 5:
                        item = ("histograms", histogram(vv))
                if item:
                    e.setdefault(item[0], {})[tag] = item[1]
    return e


def read(path):
    data = open(path, "rb").read()
    events, i = [], 0
    while i < len(data):
        if i + 12 > len(data):
            raise ValueError("%s: truncated record header at byte %d" % (path, i))
        header = data[i:i + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[i + 8:i + 12])
        if masked(crc32c(header)) != length_crc:
            raise ValueError("%s: bad length CRC at byte %d" % (path, i))
        body = data[i + 12:i + 12 + length]
        if len(body) != length or i + 16 + length > len(data):
            raise ValueError("%s: truncated record at byte %d" % (path, i))
        (data_crc,) = struct.unpack("<I", data[i + 12 + length:i + 16 + length])
        if masked(crc32c(body)) != data_crc:
            raise ValueError("%s: bad data CRC at byte %d" % (path, i))
        events.append(event(body))
        i += 16 + length
    return {"file": path, "records": len(events), "crc_checked": 2 * len(events), "events": events}


if __name__ == "__main__":
    try:
        print(json.dumps([read(p) for p in sys.argv[1:]]))
    except (ValueError, IndexError, struct.error) as err:
        print("read_events: %s" % err, file=sys.stderr)
        sys.exit(1)
