import { randomBytes } from "node:crypto";

/** `m_` + 128 random bits in hex: unguessable, so an id alone never finds someone else's merchant. */
export const newMerchantId = () => `m_${randomBytes(16).toString("hex")}`;

export const MERCHANT_ID_PATTERN = /^m_[0-9a-f]{32}$/;
