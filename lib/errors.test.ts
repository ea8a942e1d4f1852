import { describe, expect, it, vi } from "vitest";
import { AppError, errorBody, isAppError } from "@/lib/errors";

describe("AppError identity", () => {
  it("is recognised across module copies (the server loads route modules twice: server/direct-routes.ts)", async () => {
    vi.resetModules();
    const otherCopy = await import("@/lib/errors");
    expect(otherCopy.AppError).not.toBe(AppError); // really two copies
    const foreign = new otherCopy.AppError("METADATA_UNAVAILABLE", "Metadata is unavailable");
    expect(foreign instanceof AppError).toBe(true);
    expect(isAppError(foreign)).toBe(true);
    expect(errorBody(foreign)).toEqual({ error: { code: "METADATA_UNAVAILABLE", message: "Metadata is unavailable" } });
    expect(new AppError("NOT_FOUND", "x") instanceof otherCopy.AppError).toBe(true);
  });

  it("is not fooled by look-alikes or other errors", () => {
    expect(isAppError(new Error("x"))).toBe(false);
    expect(isAppError({ code: "NOT_FOUND", status: 404, message: "x", name: "AppError" })).toBe(false);
    expect(isAppError(null)).toBe(false);
    expect(new TypeError("x") instanceof AppError).toBe(false);
  });

  it("keeps the status table, the override and the envelope", () => {
    const error = new AppError("INVALID_SIGNATURE", "bad", { status: 400, details: { header: "X-OC-ID" } });
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({ error: { code: "INVALID_SIGNATURE", message: "bad", details: { header: "X-OC-ID" } } });
    expect(error).toBeInstanceOf(Error);
  });
});
