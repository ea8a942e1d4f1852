/** A merchant as the API shows it to its owner. */
export type MerchantView = { id: string; name: string; handle: string; createdAt: string };

export function toMerchantView(merchant: { id: string; name: string; handle: string; createdAt: Date }): MerchantView {
  return { id: merchant.id, name: merchant.name, handle: merchant.handle, createdAt: merchant.createdAt.toISOString() };
}
