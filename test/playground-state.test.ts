// The playground's share links: `#toml=<base64url of the UTF-8 text>` and the rest of the page state.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64Url, encodeBase64Url, formatHash, parseHash } from "../playground/src/state.js";

describe("playground share links", () => {
  it("base64url is RFC 4648 §5 of the UTF-8 bytes, unpadded", () => {
    expect(encodeBase64Url('app = "é"\n')).toBe(Buffer.from('app = "é"\n').toString("base64url"));
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => encodeBase64Url(s) === Buffer.from(s).toString("base64url")));
  });

  it("round-trips any text, and reads padded or standard base64 too", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => decodeBase64Url(encodeBase64Url(s)) === s));
    expect(decodeBase64Url(Buffer.from("a?b>").toString("base64"))).toBe("a?b>");
    expect(decodeBase64Url(`${encodeBase64Url("ab")}==`)).toBe("ab");
  });

  it("refuses what is not base64 or not UTF-8 instead of showing garbage", () => {
    expect(decodeBase64Url("a*b")).toBeUndefined();
    expect(decodeBase64Url("abcde")).toBeUndefined(); // a length no base64 has
    expect(decodeBase64Url(Buffer.from([0xff, 0xfe]).toString("base64url"))).toBeUndefined();
    expect(parseHash("#toml=%%%").errors).toHaveLength(1);
    // A link full of padding is cheap to refuse (no backtracking regex).
    const t = performance.now();
    expect(decodeBase64Url(`${"=".repeat(200_000)}x`)).toBeUndefined();
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it("parses and formats the whole state; defaults are left out", () => {
    const state = { toml: "app = 1\n", json: "[]", tab: "machine" as const, group: "web 1", view: "wrap" as const, rule: "unknown-key" };
    expect(parseHash(formatHash(state))).toEqual({ state, errors: [] });
    expect(formatHash({ toml: "x", tab: "toml", view: "config" })).toBe(`#toml=${encodeBase64Url("x")}`);
    expect(parseHash("#tab=bogus&view=nope&other=1&rule=").state).toEqual({});
    expect(parseHash("").state).toEqual({});
  });
});
