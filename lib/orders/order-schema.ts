/**
 * The Opencharge order object (protocol reference §6) as we accept it from merchants.
 * Unknown members are kept (z.looseObject): the merchant's signature covers the object exactly as sent.
 * Limits keep one order small enough to store and show: a till order has a handful of items, not 10,000.
 */
import { z } from "zod";
import { ocidNumber } from "@/lib/opencharge/ocid";

export const MAX_ORDER_ITEMS = 500;
export const MAX_MEMO_LENGTH = 1000;

const text = (max: number) => z.string().min(1).max(max);

export const orderItemSchema = z.looseObject({
  id: text(200),
  name: text(500),
  quantity: z.number().int().positive().max(1_000_000),
  price: z.string().max(40),
});

// Unix seconds up to 9999-12-31T23:59:59Z: larger values are no date at all (and would break date arithmetic).
const unixSeconds = z.number().int().max(253_402_300_799, "must be Unix time in seconds");

export const orderSchema = z.looseObject({
  id: text(200),
  ocid: ocidNumber,
  amount: z.string().min(1).max(40),
  currency: z.string().regex(/^[A-Z]{3}$/, "currency must be an upper-case ISO 4217 code"),
  createdAt: unixSeconds.nonnegative(),
  reference: z.string().max(500).optional(),
  items: z.array(orderItemSchema).max(MAX_ORDER_ITEMS, `at most ${MAX_ORDER_ITEMS} items`).optional(),
  memo: z.string().max(MAX_MEMO_LENGTH, `memo is at most ${MAX_MEMO_LENGTH} characters`).optional(),
  expiresAt: unixSeconds.positive().optional(),
  accepts: z.array(z.number().int().positive()).max(100).optional(),
});

export type Order = z.infer<typeof orderSchema>;
export type OrderItem = z.infer<typeof orderItemSchema>;

/** A signature as sent: hex of a plausible length (130 r‖s‖v, 128 compact, or DER up to 144). */
export const signatureSchema = z.string().regex(/^(0x)?[0-9a-fA-F]{128,146}$/, "signature must be hex");
