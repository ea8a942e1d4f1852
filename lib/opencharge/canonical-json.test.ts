import { describe, it, expect } from "vitest";
import { CANONICAL_MODES, canonicalJson } from "./canonical-json";
import { TV2_PROOF, TV3_ORDER } from "./test-vectors";

const order = TV3_ORDER;

describe("canonicalJson", () => {
  it("lists recursive first", () => {
    expect(CANONICAL_MODES).toEqual(["recursive", "replacer"]);
  });

  it("defaults to recursive mode", () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("sorts keys at every depth in recursive mode (TV3)", () => {
    expect(canonicalJson(order, "recursive")).toBe(
      '{"accepts":[100,101,102],"amount":"15.00","createdAt":1706313600,"currency":"USD","expiresAt":1706400000,' +
        '"id":"ord_abc123","items":[{"id":"item_001","name":"Large Coffee","price":"5.00","quantity":2}],"ocid":500}',
    );
  });

  it("applies the top-level allow-list at every depth in replacer mode (TV3)", () => {
    expect(canonicalJson(order, "replacer")).toBe(
      '{"accepts":[100,101,102],"amount":"15.00","createdAt":1706313600,"currency":"USD","expiresAt":1706400000,' +
        '"id":"ord_abc123","items":[{"id":"item_001"}],"ocid":500}',
    );
    expect(canonicalJson(order, "replacer")).toBe(JSON.stringify(order, Object.keys(order).sort()));
  });

  it("handles deep nesting in both modes", () => {
    const v = { z: { y: { b: [1, { d: 1, c: 2 }], a: null } }, b: true, a: { z: 1, a: "x" } };
    expect(canonicalJson(v, "recursive")).toBe('{"a":{"a":"x","z":1},"b":true,"z":{"y":{"a":null,"b":[1,{"c":2,"d":1}]}}}');
    // allow-list is [a, b, z]: nested y/c/d are dropped, nested a/z/b kept, in allow-list order
    expect(canonicalJson(v, "replacer")).toBe('{"a":{"a":"x","z":1},"b":true,"z":{}}');
    expect(canonicalJson(v, "replacer")).toBe(JSON.stringify(v, Object.keys(v).sort()));
  });

  it("collapses proof from/to to {} in replacer mode (TV2)", () => {
    const proof = TV2_PROOF;
    expect(canonicalJson(proof)).toBe(
      '{"amount":"10000.00","currency":"UGX","from":{"ocid":200,"reference":"paypal_tx_123"},"issuer":100,' +
        '"timestamp":1706500500,"to":{"ocid":300,"reference":"momo_tx_789"},"txid":"test_tx_001"}',
    );
    expect(canonicalJson(proof, "replacer")).toBe(
      '{"amount":"10000.00","currency":"UGX","from":{},"issuer":100,"timestamp":1706500500,"to":{},"txid":"test_tx_001"}',
    );
  });

  it("drops undefined members and maps undefined array entries to null", () => {
    const v = { b: undefined, a: 1, c: { x: undefined, y: 2 }, arr: [1, undefined, "s"] };
    expect(canonicalJson(v, "recursive")).toBe('{"a":1,"arr":[1,null,"s"],"c":{"y":2}}');
    expect(canonicalJson(v, "replacer")).toBe('{"a":1,"arr":[1,null,"s"],"c":{}}');
    expect(canonicalJson({ memo: undefined })).toBe("{}");
  });

  it("keeps array order and handles empty containers and primitives", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
    expect(canonicalJson([{ b: 1, a: [] }, {}])).toBe('[{"a":[],"b":1},{}]');
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson("x")).toBe('"x"');
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(null, "replacer")).toBe("null");
    expect(canonicalJson(42, "replacer")).toBe("42");
  });

  it("sorts keys by UTF-16 code units like Array.sort", () => {
    const v = { b: 1, B: 2, "\u00e9": 3, "\ud83d\ude00": 4, "\uffff": 5, a: 6, "10": 7, "9": 8 };
    const expectedKeys = Object.keys(v).sort();
    const out = canonicalJson(v);
    // JSON.parse would re-order integer-like keys, so check the textual order directly
    const textual = [...out.matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(textual).toEqual(expectedKeys);
    expect(canonicalJson(v, "replacer")).toBe(JSON.stringify(v, expectedKeys));
  });

  it("escapes strings exactly like JSON.stringify", () => {
    const s = 'quote" backslash\\ nl\n tab\t ctl\u0001\u001f del\u007f é 😀 lone\ud800 lone\udfff \u2028\u2029 </script>';
    const v = { [s]: s, z: [s] };
    expect(canonicalJson(v)).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)},"z":[${JSON.stringify(s)}]}`);
    expect(canonicalJson(v, "replacer")).toBe(JSON.stringify(v, Object.keys(v).sort()));
    expect(canonicalJson("\ud800")).toBe('"\\ud800"');
  });

  it("honours toJSON like JSON.stringify", () => {
    const d = new Date(0);
    expect(canonicalJson({ d })).toBe('{"d":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson({ d }, "replacer")).toBe('{"d":"1970-01-01T00:00:00.000Z"}');
  });

  it.each(CANONICAL_MODES)("rejects non-finite numbers, bigint, functions and symbols (%s)", (mode) => {
    for (const bad of [NaN, Infinity, -Infinity, 1n, () => 1, Symbol("s")]) {
      expect(() => canonicalJson(bad, mode)).toThrow(TypeError);
      expect(() => canonicalJson({ a: { b: [bad] } }, mode)).toThrow(TypeError);
      expect(() => canonicalJson({ a: bad }, mode)).toThrow(TypeError);
    }
  });

  it.each(CANONICAL_MODES)("rejects top-level undefined and cycles (%s)", (mode) => {
    expect(() => canonicalJson(undefined, mode)).toThrow(TypeError);
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    expect(() => canonicalJson(cyc, mode)).toThrow(TypeError);
    // shared (non-cyclic) references are fine
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared }, mode)).toBe(mode === "recursive" ? '{"a":{"x":1},"b":{"x":1}}' : '{"a":{},"b":{}}');
  });

  it("rejects unknown modes", () => {
    expect(() => canonicalJson({}, "jcs" as never)).toThrow(TypeError);
  });
});
