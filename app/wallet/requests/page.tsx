import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/components/pay/local-time";
import { PAYABLE_STATUSES, payerStatus } from "@/components/pay/payer-status";
import { isZeroAmount } from "@/components/pay/yours";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { displayHandle } from "@/lib/handles/handle-rules";
import { listPayerPaymentRequests } from "@/lib/payment-requests/list-payer-payment-requests";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { getBalances } from "@/lib/wallet/get-balances";
import type { PayerViewJson, YoursJson } from "@/lib/payment-requests/payment-request-view";
import { RequestToPayActions } from "./request-to-pay-actions";

export const metadata: Metadata = { title: "Requests to pay" };
export const dynamic = "force-dynamic";

/**
 * `/wallet/requests`: payment requests that merchants addressed to this user by their handle (request to
 * pay), newest first, each with "Pay" and "Decline" while it is open. Read on the server; the actions are
 * client parts that refresh this page after they act.
 */
export default async function RequestsToPayPage() {
  const user = await requireSessionUser("/wallet/requests");
  const [{ requests }, profile, balances] = await Promise.all([
    listPayerPaymentRequests({ userId: user.id, limit: 50 }),
    getUserProfile(user.id),
    getBalances(user.id),
  ]);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>Requests to pay</h1>
      <p className="muted">
        Merchants ask you for money here by your handle, <strong>{displayHandle(profile.handle)}</strong>. Pay or decline each one; a merchant sees
        the reason you give when you decline.
      </p>
      {requests.length === 0 ? (
        <p className="card muted">No requests yet. When a merchant asks you to pay, it shows here.</p>
      ) : (
        <ul className="request-list" aria-label="Requests to pay">
          {requests.map((request) => (
            <RequestItem key={request.id} request={request} balances={balances} />
          ))}
        </ul>
      )}
      <p className="small muted">
        Showing the newest {Math.min(requests.length, 50)}. <Link href="/wallet">Back to your wallet</Link>
      </p>
    </main>
  );
}

function RequestItem({ request, balances }: { request: PayerViewJson; balances: { currency: string; amount: string }[] }) {
  const titleId = `request-${request.id}-title`;
  const amountId = `request-${request.id}-amount`;
  const status = payerStatus(request.status);
  const currency = request.value?.currency ?? "";
  const isOpen = PAYABLE_STATUSES.has(request.status);
  return (
    <li className="card stack request-item" data-testid="request-to-pay" data-request-id={request.id} data-status={request.status} aria-labelledby={titleId}>
      <div className="row-head">
        <div>
          <h2 id={titleId} className="request-merchant">
            {request.merchant.name}
          </h2>
          <div className="muted small">@{request.merchant.handle}</div>
        </div>
        <span className={`status-badge status-${status.tone}`} data-testid="request-status">
          {status.label}
        </span>
      </div>
      <p className="request-amount" id={amountId}>
        {request.value ? (
          <>
            {request.value.amount} {request.value.currency}
          </>
        ) : (
          "You choose the amount"
        )}
      </p>
      {request.description ? <p className="memo">{request.description}</p> : null}
      {request.lineItems && request.lineItems.length > 0 ? (
        <ul className="small request-lines" aria-label={`Items from ${request.merchant.name}`}>
          {request.lineItems.map((item, index) => (
            <li key={index}>
              {item.qty} × {item.name} — {item.price} {currency}
            </li>
          ))}
        </ul>
      ) : null}
      {request.partialAllowed && isOpen && request.amountDue ? (
        <p className="small">
          Still due <strong>{request.amountDue} {currency}</strong>. You can pay all of it or a part.
        </p>
      ) : null}
      {request.yours ? <YourMoneyLine yours={request.yours} currency={currency} /> : null}
      {isOpen ? (
        <p className="small muted">
          {request.notBefore && Date.parse(request.notBefore) > Date.now() ? (
            <>
              Opens for payment at <LocalTime iso={request.notBefore} /> ·{" "}
            </>
          ) : null}
          Pay by <LocalTime iso={request.expiresAt} />
        </p>
      ) : null}
      <RequestToPayActions request={request} balances={balances} describedBy={`${titleId} ${amountId}`} />
    </li>
  );
}

/** What the user's own money did on this request (paid, reserved, refunded). */
function YourMoneyLine({ yours, currency }: { yours: YoursJson; currency: string }) {
  const parts = [
    !isZeroAmount(yours.paid) ? `You paid ${yours.paid} ${currency}` : null,
    !isZeroAmount(yours.reserved) ? `Reserved ${yours.reserved} ${currency}` : null,
    !isZeroAmount(yours.refunded) ? `Refunded ${yours.refunded} ${currency}` : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return null;
  return <p className="small" data-testid="request-yours">{parts.join(" · ")}</p>;
}

