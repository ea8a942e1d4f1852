import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { getAddMoneyInfo, isDevelopmentSetup } from "@/lib/wallet/get-add-money-info";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { makeUser } from "@/tests/support/factories";

const saved = { NODE_ENV: process.env.NODE_ENV, APP_URL: process.env.APP_URL, OPENCHARGE_OCID: process.env.OPENCHARGE_OCID };

function setEnv(values: Partial<typeof saved>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete (process.env as Record<string, string | undefined>)[name];
    else (process.env as Record<string, string | undefined>)[name] = value;
  }
  resetEnvCache();
}

afterEach(() => setEnv(saved));

describe("getAddMoneyInfo", () => {
  it("names the user's handle as the reference for our OCID, and the personal payment URL", async () => {
    const user = await makeUser();
    const info = await getAddMoneyInfo(user.id);
    expect(info).toMatchObject({
      handle: user.handle,
      personalUrl: `http://localhost:3999/u/${user.handle}`,
      network: { ocid: 100, gatewayName: "Opencharge Wallet", reference: `@${user.handle}`, webhookUrl: "http://localhost:3999/opencharge/transfer/webhook" },
    });
  });

  it("writes the operator's top-up in a currency the user holds, with the amount that currency takes", async () => {
    const user = await makeUser();
    expect((await getAddMoneyInfo(user.id)).operatorTopUp?.command).toBe(`npm run wallet -- topup --email ${user.email} --amount 50.00 --currency USD`);
    await topUpUser({ userId: user.id, amount: "100", currency: "JPY" });
    expect((await getAddMoneyInfo(user.id)).operatorTopUp?.command).toMatch(/--amount 50 --currency JPY$/);
    await topUpUser({ userId: user.id, amount: "1.000", currency: "KWD" });
    await topUpUser({ userId: user.id, amount: "1.00", currency: "USD" });
    expect((await getAddMoneyInfo(user.id)).operatorTopUp?.command).toMatch(/--amount 50.00 --currency USD$/);
  });

  it("shows the operator's command only on a development setup", async () => {
    const user = await makeUser();
    setEnv({ NODE_ENV: "production", APP_URL: "https://wallet.example", OPENCHARGE_OCID: "4242" });
    expect(isDevelopmentSetup()).toBe(false);
    expect((await getAddMoneyInfo(user.id)).operatorTopUp).toBeNull();
    // npm start on one's own machine: production mode, but a loopback address or the development OCID.
    setEnv({ NODE_ENV: "production", APP_URL: "http://127.0.0.1:3000", OPENCHARGE_OCID: "4242" });
    expect(isDevelopmentSetup()).toBe(true);
    setEnv({ NODE_ENV: "production", APP_URL: "https://wallet.example", OPENCHARGE_OCID: undefined });
    expect(isDevelopmentSetup()).toBe(true);
    setEnv({ NODE_ENV: "development", APP_URL: "https://wallet.example", OPENCHARGE_OCID: "4242" });
    expect((await getAddMoneyInfo(user.id)).operatorTopUp).not.toBeNull();
  });
});
