import { ItemsTable } from "@/components/pay/items-table";
import type { PayerViewJson } from "@/lib/payment-requests/payment-request-view";

/**
 * Merchant (name and handle), line items, description and amount of a payment request, as its payer
 * sees it (the pay page, its receipt). An amount-less request shows no total: the payer enters one.
 */
export function RequestSummary({ request, headingId }: { request: PayerViewJson; headingId?: string }) {
  const { merchant, value } = request;
  return (
    <div className="stack">
      <div className="merchant">
        <span className="merchant-icon merchant-icon-fallback" aria-hidden="true">
          {merchant.name.slice(0, 1).toUpperCase()}
        </span>
        <div>
          <div className="merchant-name" id={headingId}>
            {merchant.name}
          </div>
          <div className="muted small">@{merchant.handle}</div>
        </div>
      </div>
      {request.lineItems && request.lineItems.length > 0 ? (
        <ItemsTable items={request.lineItems.map((item, index) => ({ key: String(index), ...item }))} currency={value?.currency} />
      ) : null}
      {request.description ? <p className="memo">{request.description}</p> : null}
      {value ? (
        <div className="total">
          <span>Total</span>
          <span className="amount" data-testid="request-total">
            {value.amount} {value.currency}
          </span>
        </div>
      ) : null}
    </div>
  );
}
