/**
 * The protocol reference's test key and the corrected test vectors (opencharge-protocol.md §3.1).
 * Test data only: the key is published, so it signs nothing outside tests (it is our gateway's key in
 * the vitest environment, tests/support/setup-env.ts).
 */
export const TEST_PRIVATE_KEY = "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef";
export const TEST_PUBLIC_KEY =
  "bb50e2d89a4ed70663d080659fe0ad4b9bc3e06c17a227433966cb59ceee020decddbf6e00192011648d13b1c00af770c0c1bb609d4d3a5c98a43772e0e18ef4";
export const TEST_PUBLIC_KEY_COMPRESSED = "02bb50e2d89a4ed70663d080659fe0ad4b9bc3e06c17a227433966cb59ceee020d";

export const TV2_PROOF = {
  txid: "test_tx_001",
  issuer: 100,
  from: { ocid: 200, reference: "paypal_tx_123" },
  to: { ocid: 300, reference: "momo_tx_789" },
  amount: "10000.00",
  currency: "UGX",
  timestamp: 1706500500,
};
export const TV2_SIGNATURE =
  "65c774ae5d87d2724c698fd11f49d444267b15a513c1d70625c29bf965c33bc03ca45e2b78db7ba01c683f279cb431430d59bd0d4753196992074d0b67ff36921b";

export const TV3_ORDER = {
  id: "ord_abc123",
  ocid: 500,
  amount: "15.00",
  currency: "USD",
  items: [{ id: "item_001", name: "Large Coffee", quantity: 2, price: "5.00" }],
  createdAt: 1706313600,
  expiresAt: 1706400000,
  accepts: [100, 101, 102],
};
export const TV3_SIGNATURE_RECURSIVE =
  "0c15e2dff60ac9f578df45096f90b4b8c113f9c6196dc39000ac84e4ab0c69fd7b73241528e3a5fa27775ad8d1cf76d119a59deac96c30964abd8b2e8bbf28f91b";
export const TV3_SIGNATURE_REPLACER =
  "d144feaf790472aed476c2cfbe4d11047d3a15993263c0877c3e2c993303b5f158489d148074485369d4dace6a1339ed3e817d30aab268b8d4b9bd9f56e83f721b";
