/** What a payer is shown of a received order and its merchant (QR flow and hosted checkout alike). */
type StoredOrder = {
  merchantOcid: number;
  merchantName: string;
  merchantIcon: string | null;
  merchantOrderId: string;
  orderJson: string;
  amount: string;
  currency: string;
  memo: string | null;
  expiresAt: Date | null;
};

export type OrderItemView = { id: string; name: string; quantity: number; price: string };

export type OrderView = {
  id: string;
  amount: string;
  currency: string;
  items?: OrderItemView[];
  memo?: string;
  reference?: string;
  /** Unix seconds. */
  expiresAt?: number;
};

export type MerchantView = { ocid: number; name: string; icon?: string };

export function toOrderView(order: StoredOrder): OrderView {
  // The order as the merchant signed it; only the known fields of its items are shown.
  const raw = JSON.parse(order.orderJson) as { items?: OrderItemView[]; reference?: string };
  return {
    id: order.merchantOrderId,
    amount: order.amount,
    currency: order.currency,
    ...(raw.items ? { items: raw.items.map(({ id, name, quantity, price }) => ({ id, name, quantity, price })) } : {}),
    ...(order.memo ? { memo: order.memo } : {}),
    ...(raw.reference ? { reference: raw.reference } : {}),
    ...(order.expiresAt ? { expiresAt: Math.floor(order.expiresAt.getTime() / 1000) } : {}),
  };
}

export function toMerchantView(order: StoredOrder): MerchantView {
  return { ocid: order.merchantOcid, name: order.merchantName, ...(order.merchantIcon ? { icon: order.merchantIcon } : {}) };
}
