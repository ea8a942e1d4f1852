import { describe, it, expect } from "vitest";
import { createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { canonicalJson } from "./canonical-json";
import {
  encodeSignature,
  generateKeyPair,
  isValidPublicKeyHex,
  normalizePublicKey,
  publicKeyFromPrivate,
  sha256Hex,
  signMessage,
  signMessageNoble,
  verifyMessage,
  verifyMessageNoble,
} from "./crypto";
import {
  TEST_PRIVATE_KEY,
  TEST_PUBLIC_KEY,
  TEST_PUBLIC_KEY_COMPRESSED,
  TV2_PROOF,
  TV2_SIGNATURE,
  TV3_ORDER,
  TV3_SIGNATURE_RECURSIVE,
  TV3_SIGNATURE_REPLACER,
} from "./test-vectors";

const PRIV = TEST_PRIVATE_KEY;
const PUB = TEST_PUBLIC_KEY;
const PUB_COMPRESSED = TEST_PUBLIC_KEY_COMPRESSED;
const N = secp256k1.Point.Fn.ORDER;

const hex64 = (n: bigint) => n.toString(16).padStart(64, "0");

/** Same signature with s replaced by n - s (high-S ⇔ low-S), v byte dropped. */
function flipS(sig: string): string {
  return sig.slice(0, 64) + hex64(N - BigInt(`0x${sig.slice(64, 128)}`));
}

/** Randomised (non-RFC6979) DER signature from Node/OpenSSL with the same key. */
function nodeDerSign(message: string, privHex: string): string {
  const pub = publicKeyFromPrivate(privHex);
  const b64 = (h: string) => Buffer.from(h, "hex").toString("base64url");
  const key = createPrivateKey({
    format: "jwk",
    key: { kty: "EC", crv: "secp256k1", d: b64(privHex), x: b64(pub.slice(0, 64)), y: b64(pub.slice(64)) },
  });
  return nodeSign("sha256", Buffer.from(message, "utf8"), { key, dsaEncoding: "der" }).toString("hex");
}

function compressed(pub128: string): string {
  return secp256k1.Point.fromHex(`04${pub128}`).toHex(true);
}

/** Both implementations must agree; returns the common answer. */
function verifyBoth(message: string | Uint8Array, sig: string, pub: string): boolean {
  const a = verifyMessage(message, sig, pub);
  const b = verifyMessageNoble(message, sig, pub);
  expect(a, `node vs noble disagree for sig=${sig} pub=${pub}`).toBe(b);
  return a;
}

describe("sha256Hex", () => {
  it("hashes UTF-8 strings and bytes", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(new Uint8Array())).toBe(sha256Hex(""));
    expect(sha256Hex('{"amount":"100.00","currency":"USD"}')).toBe(
      "6779770784a6b90aab2c50ad2c48f58eb4d1dc8017e65c5850cdb0869b7060ce",
    );
    expect(sha256Hex("é")).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
  });
});

describe("keys", () => {
  it("derives the test public key", () => {
    expect(publicKeyFromPrivate(PRIV)).toBe(PUB);
    expect(publicKeyFromPrivate(`0x${PRIV.toUpperCase()}`)).toBe(PUB);
    expect(compressed(PUB)).toBe(PUB_COMPRESSED);
  });

  it("rejects invalid private keys with a clear Error", () => {
    for (const bad of ["", "12", PRIV.slice(2), `${PRIV}00`, `${PRIV.slice(2)}zz`, "0".repeat(64), hex64(N), "f".repeat(64)]) {
      expect(() => publicKeyFromPrivate(bad)).toThrow(/Invalid secp256k1 private key/);
      expect(() => signMessage("x", bad)).toThrow(/Invalid secp256k1 private key/);
    }
    expect(publicKeyFromPrivate(hex64(N - 1n))).toMatch(/^[0-9a-f]{128}$/);
  });

  it("generates usable key pairs", () => {
    const { privateKey, publicKey } = generateKeyPair();
    expect(privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKey).toMatch(/^[0-9a-f]{128}$/);
    expect(publicKeyFromPrivate(privateKey)).toBe(publicKey);
    expect(verifyMessage("hi", signMessage("hi", privateKey), publicKey)).toBe(true);
    expect(generateKeyPair().privateKey).not.toBe(privateKey);
  });

  it("normalizes and validates public key encodings", () => {
    for (const form of [PUB, `04${PUB}`, PUB_COMPRESSED, PUB.toUpperCase(), `0x${PUB}`, `0x04${PUB}`]) {
      expect(isValidPublicKeyHex(form)).toBe(true);
      expect(normalizePublicKey(form)).toBe(PUB);
    }
    const offCurve = PUB.slice(0, 127) + (PUB.endsWith("4") ? "5" : "4");
    const badX = `02${"f".repeat(64)}`; // x >= p
    for (const bad of ["", PUB.slice(2), `05${PUB}`, `04${PUB_COMPRESSED}`, `01${PUB.slice(0, 64)}`, offCurve, badX, "0".repeat(128), `${PUB}zz`]) {
      expect(isValidPublicKeyHex(bad)).toBe(false);
      expect(() => normalizePublicKey(bad)).toThrow(/Invalid secp256k1 public key/);
    }
  });
});

describe("test vectors (reference §3.1)", () => {
  it("TV1: request signature", () => {
    const body = '{"amount":"100.00","currency":"USD"}';
    const canonical = ["200", "1706500000", "req_test123", "POST", "/opencharge/payment/create", sha256Hex(body)].join("\n");
    expect(canonical).toBe(
      "200\n1706500000\nreq_test123\nPOST\n/opencharge/payment/create\n6779770784a6b90aab2c50ad2c48f58eb4d1dc8017e65c5850cdb0869b7060ce",
    );
    expect(sha256Hex(canonical)).toBe("a51875169505d640b70b0cddb224b4bbb42120a9322abb9951553d2aa0a3fa49");
    const sig = signMessage(canonical, PRIV);
    expect(sig).toBe(
      "08bb6427e9df77920b3c08ba65e7b4d02436ce449441060198a5084f3ca7e82e6c33455681ed53a9125fd2616428a6fb0ecd59e8fc3459175f8759e15e37e9c11b",
    );
    expect(verifyBoth(canonical, sig, PUB)).toBe(true);
    expect(verifyBoth(canonical, sig, PUB_COMPRESSED)).toBe(true);
    expect(signMessage(new TextEncoder().encode(canonical), PRIV)).toBe(sig);
  });

  it("TV2: proof signature", () => {
    const proof = TV2_PROOF;
    const canonical = canonicalJson(proof, "recursive");
    expect(canonical).toBe(
      '{"amount":"10000.00","currency":"UGX","from":{"ocid":200,"reference":"paypal_tx_123"},"issuer":100,"timestamp":1706500500,"to":{"ocid":300,"reference":"momo_tx_789"},"txid":"test_tx_001"}',
    );
    expect(sha256Hex(canonical)).toBe("de7bd3d228672f527ee55effdeb4d4aeb5c52d343bd87c75461478c34580ae5f");
    const sig = signMessage(canonical, PRIV);
    expect(sig).toBe(TV2_SIGNATURE);
    expect(verifyBoth(canonical, sig, PUB)).toBe(true);
    // the replacer form is different bytes, so the signature does not carry over
    expect(verifyBoth(canonicalJson(proof, "replacer"), sig, PUB)).toBe(false);
  });

  it("TV3: order signature in both canonical modes", () => {
    const order = TV3_ORDER;
    const rec = canonicalJson(order, "recursive");
    const rep = canonicalJson(order, "replacer");
    expect(rec).toBe(
      '{"accepts":[100,101,102],"amount":"15.00","createdAt":1706313600,"currency":"USD","expiresAt":1706400000,"id":"ord_abc123","items":[{"id":"item_001","name":"Large Coffee","price":"5.00","quantity":2}],"ocid":500}',
    );
    expect(rep).toBe(
      '{"accepts":[100,101,102],"amount":"15.00","createdAt":1706313600,"currency":"USD","expiresAt":1706400000,"id":"ord_abc123","items":[{"id":"item_001"}],"ocid":500}',
    );
    const sigRec = signMessage(rec, PRIV);
    const sigRep = signMessage(rep, PRIV);
    expect(sigRec).toBe(TV3_SIGNATURE_RECURSIVE);
    expect(sigRep).toBe(TV3_SIGNATURE_REPLACER);
    expect(verifyBoth(rec, sigRec, PUB)).toBe(true);
    expect(verifyBoth(rep, sigRep, PUB)).toBe(true);
    expect(verifyBoth(rec, sigRep, PUB)).toBe(false);
  });
});

describe("signMessage / verifyMessage", () => {
  const msg = "hello opencharge ✓";
  const sig = signMessage(msg, PRIV);

  it("emits deterministic lowercase low-S r‖s‖v", () => {
    expect(sig).toMatch(/^[0-9a-f]{128}1[bc]$/);
    expect(signMessage(msg, PRIV)).toBe(sig);
    expect(BigInt(`0x${sig.slice(64, 128)}`) <= N / 2n).toBe(true);
    // v really is 27 + recovery id
    const recovered = secp256k1.Signature.fromHex(sig.slice(0, 128), "compact")
      .addRecoveryBit(parseInt(sig.slice(128), 16) - 27)
      .recoverPublicKey(Buffer.from(sha256Hex(msg), "hex"))
      .toHex(false);
    expect(recovered).toBe(`04${PUB}`);
  });

  it("accepts every supported signature and key encoding", () => {
    const der = nodeDerSign(msg, PRIV);
    const forms = [
      sig,
      sig.slice(0, 128),
      `0x${sig}`,
      `0X${sig.slice(0, 128)}`,
      sig.toUpperCase(),
      `${sig.slice(0, 128)}00`,
      `${sig.slice(0, 128)}01`,
      `${sig.slice(0, 128)}1c`,
      flipS(sig), // high-S compact
      `${flipS(sig)}1b`,
      der,
      der.toUpperCase(),
      `0x${der}`,
      secp256k1.Signature.fromHex(flipS(sig), "compact").toHex("der"), // high-S DER
      secp256k1.Signature.fromHex(sig.slice(0, 128), "compact").toHex("der"),
    ];
    for (const form of forms) {
      for (const pub of [PUB, `04${PUB}`, PUB_COMPRESSED, `0x${PUB}`, PUB.toUpperCase()]) {
        expect(verifyBoth(msg, form, pub), `${form} / ${pub}`).toBe(true);
      }
    }
    expect(verifyBoth(new TextEncoder().encode(msg), sig, PUB)).toBe(true);
  });

  it("accepts high-S DER produced by OpenSSL after flipping", () => {
    const der = nodeDerSign(msg, PRIV);
    const parsed = secp256k1.Signature.fromHex(der, "der");
    const other = new secp256k1.Signature(parsed.r, N - parsed.s).toHex("der");
    expect(verifyBoth(msg, der, PUB)).toBe(true);
    expect(verifyBoth(msg, other, PUB)).toBe(true);
  });

  it("rejects wrong keys, tampered messages and malformed input without throwing", () => {
    const other = generateKeyPair().publicKey;
    const der = nodeDerSign(msg, PRIV);
    expect(verifyBoth(msg, sig, other)).toBe(false);
    expect(verifyBoth(`${msg}!`, sig, PUB)).toBe(false);
    expect(verifyBoth(msg.slice(1), der, PUB)).toBe(false);
    const bad = [
      "",
      "0x",
      "zz",
      "not a signature",
      sig.slice(0, 129), // odd length
      sig.slice(0, 126),
      `${sig}00`,
      `${sig.slice(0, 128)}1d`, // bad v byte
      `${sig.slice(0, 128)}02`,
      `${sig.slice(0, 128)}ff`,
      `${sig.slice(0, 127)}g`,
      ` ${sig}`,
      `${sig}\n`,
      "00".repeat(64),
      hex64(0n) + sig.slice(64, 128), // r = 0
      sig.slice(0, 64) + hex64(0n), // s = 0
      sig.slice(0, 64) + hex64(N), // s = n
      hex64(N) + sig.slice(64, 128), // r = n
      "f".repeat(128),
      der.slice(0, -2), // truncated DER
      `${der}00`, // trailing byte
      `31${der.slice(2)}`, // wrong DER tag
      "30".repeat(200),
    ];
    for (const s of bad) expect(verifyBoth(msg, s, PUB), s).toBe(false);
    for (const pub of ["", PUB.slice(2), `05${PUB}`, `${PUB}00`, "0".repeat(128), PUB.slice(0, 127) + "0", "xyz"]) {
      expect(verifyBoth(msg, sig, pub), pub).toBe(false);
    }
    // runtime garbage from untyped callers
    const anyVerify = verifyMessage as (...args: unknown[]) => boolean;
    const anyNoble = verifyMessageNoble as (...args: unknown[]) => boolean;
    for (const args of [[msg, undefined, PUB], [msg, sig, undefined], [undefined, sig, PUB], [msg, 42, PUB], [msg, sig, {}], [null, null, null]]) {
      expect(anyVerify(...args)).toBe(false);
      expect(anyNoble(...args)).toBe(false);
    }
  });

  it("agrees with noble over random keys, messages and corruptions", () => {
    for (let i = 0; i < 50; i++) {
      const { privateKey, publicKey } = generateKeyPair();
      const message = i % 2 ? randomBytes(1 + i).toString("base64") : `msg ${i} ${"é".repeat(i)}`;
      const good = signMessage(message, privateKey);
      const der = nodeDerSign(message, privateKey);
      const pos = Math.floor(Math.random() * 128);
      const flipped = good.slice(0, pos) + ((parseInt(good[pos] ?? "0", 16) ^ 1).toString(16)) + good.slice(pos + 1);
      const cases: Array<[string, string, string, boolean | null]> = [
        [message, good, publicKey, true],
        [message, good.slice(0, 128), compressed(publicKey), true],
        [message, flipS(good), publicKey, true],
        [message, der, publicKey, true],
        [message, der, compressed(publicKey), true],
        [`${message}x`, good, publicKey, false],
        [`${message}x`, der, publicKey, false],
        [message, good, PUB, false],
        [message, flipped, publicKey, false],
        [message, randomBytes(64).toString("hex"), publicKey, null],
        [message, randomBytes(70).toString("hex"), publicKey, false],
        [message, good, randomBytes(64).toString("hex"), false], // almost surely off-curve
        [message, good, `0${2 + (i % 2)}${randomBytes(32).toString("hex")}`, null], // random x: wrong key or invalid
      ];
      for (const [m, s, p, expected] of cases) {
        const result = verifyBoth(m, s, p);
        if (expected !== null) expect(result, `${m} ${s} ${p}`).toBe(expected);
      }
    }
  });
});

describe("signMessage (libsecp256k1) equals noble's RFC 6979 signer", () => {
  it("on 300 random keys and messages, including empty and binary ones", () => {
    for (let i = 0; i < 300; i++) {
      const { privateKey } = generateKeyPair();
      const message = i % 3 === 0 ? randomBytes(i % 50) : `message ${i} ${randomBytes(8).toString("hex")}`;
      expect(signMessage(message, privateKey)).toBe(signMessageNoble(message, privateKey));
    }
  });
});

describe("encodeSignature (per-counterparty signature encodings)", () => {
  const message = canonicalJson(TV2_PROOF);

  /** Node/OpenSSL's own DER verification: an independent judge of the DER we write. */
  function nodeVerifiesDer(text: string, derHex: string, pub128: string): boolean {
    const b64 = (h: string) => Buffer.from(h, "hex").toString("base64url");
    const key = createPublicKey({ format: "jwk", key: { kty: "EC", crv: "secp256k1", x: b64(pub128.slice(0, 64)), y: b64(pub128.slice(64)) } });
    return nodeVerify("sha256", Buffer.from(text, "utf8"), { key, dsaEncoding: "der" }, Buffer.from(derHex, "hex"));
  }

  it("rsv is the spec's 130-hex signature unchanged (the TV2 vector)", () => {
    expect(encodeSignature(TV2_SIGNATURE, "rsv")).toBe(TV2_SIGNATURE);
  });

  it("compact is r‖s without v, and verifies", () => {
    const compact = encodeSignature(TV2_SIGNATURE, "compact");
    expect(compact).toBe(TV2_SIGNATURE.slice(0, 128));
    expect(verifyBoth(message, compact, PUB)).toBe(true);
  });

  it("der is a strict DER encoding of the same r and s that OpenSSL verifies", () => {
    const der = encodeSignature(TV2_SIGNATURE, "der");
    expect(der).toMatch(/^30[0-9a-f]{2}02[0-9a-f]+$/);
    expect(der).not.toHaveLength(128);
    expect(der).not.toHaveLength(130);
    expect(secp256k1.Signature.fromBytes(Buffer.from(der, "hex"), "der").toHex("compact")).toBe(TV2_SIGNATURE.slice(0, 128));
    expect(nodeVerifiesDer(message, der, PUB)).toBe(true);
    expect(nodeVerifiesDer(`${message} `, der, PUB)).toBe(false);
    expect(verifyBoth(message, der, PUB)).toBe(true);
  });

  it("der keeps the leading zero of an r or s with its high bit set", () => {
    for (let i = 0; i < 20; i++) {
      const der = encodeSignature(signMessage(randomBytes(16).toString("hex"), PRIV), "der");
      const rLength = parseInt(der.slice(6, 8), 16);
      const r = der.slice(8, 8 + rLength * 2);
      expect(parseInt(r.slice(0, 2), 16) < 0x80).toBe(true);
    }
  });

  it("refuses what is not one of our 130-hex signatures", () => {
    expect(() => encodeSignature(TV2_SIGNATURE.slice(0, 128), "der")).toThrow(TypeError);
    expect(() => encodeSignature(TV2_SIGNATURE, "base64" as never)).toThrow(TypeError);
  });
});
