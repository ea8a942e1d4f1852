import { getEnv, DEVELOPMENT_OCID } from "@/lib/env";
import { isLoopbackHostname } from "@/lib/http/canonical-origin";
import { currencyExponent, formatAmount } from "@/lib/money";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { getBalances } from "@/lib/wallet/get-balances";
import { personalPaymentUrl } from "@/lib/wallet/personal-payment-url";

export type AddMoneyInfo = {
  handle: string;
  /** `${APP_URL}/u/{handle}`: what the user's QR code opens. */
  personalUrl: string;
  /**
   * Money from a bank or partner gateway of the Opencharge network: a transfer proof to our OCID with the
   * user's handle as `to.reference`, delivered to our /opencharge/transfer/webhook.
   */
  network: { ocid: number; gatewayName: string; reference: string; webhookUrl: string };
  /** The operator's top-up command, only on a development setup (null elsewhere: users cannot run it). */
  operatorTopUp: { command: string } | null;
};

/** What /wallet/add-money tells a user about how money reaches their wallet. */
export async function getAddMoneyInfo(userId: string): Promise<AddMoneyInfo> {
  const [profile, balances] = await Promise.all([getUserProfile(userId), getBalances(userId)]);
  const gateway = getGatewayIdentity();
  // USD unless the user holds only other currencies; 50 whole units, written as that currency is.
  const currency = balances.length === 0 || balances.some((b) => b.currency === "USD") ? "USD" : (balances[0]?.currency ?? "USD");
  const amount = formatAmount(50n * 10n ** BigInt(currencyExponent(currency)), currency);
  return {
    handle: profile.handle,
    personalUrl: personalPaymentUrl(profile.handle),
    network: {
      ocid: gateway.ocid,
      gatewayName: gateway.name,
      reference: `@${profile.handle}`,
      webhookUrl: `${gateway.endpoint}/transfer/webhook`,
    },
    operatorTopUp: isDevelopmentSetup()
      ? { command: `npm run wallet -- topup --email ${shellWord(profile.email)} --amount ${amount} --currency ${currency}` }
      : null,
  };
}

/**
 * A wallet someone runs on their own machine to try it: not in production mode, or still on the development
 * OCID, or served on a loopback address. (`npm start` always runs Next in production mode, so NODE_ENV alone
 * would hide the command from exactly the people the README tells to run it.)
 */
export function isDevelopmentSetup(): boolean {
  const env = getEnv();
  return env.NODE_ENV !== "production" || env.OPENCHARGE_OCID === DEVELOPMENT_OCID || isLoopbackHostname(new URL(env.APP_URL).hostname);
}

/** Quoted for a POSIX shell when it holds anything beyond the characters of a plain email. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9@._+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
