import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

/** `loc_` / `spot_` + 128 random bits in hex: an id alone never finds another merchant's place or spot. */
export const newLocationId = () => `loc_${randomBytes(16).toString("hex")}`;
export const newSpotId = () => `spot_${randomBytes(16).toString("hex")}`;

/**
 * The secret part of a spot's printed QR code: 128 random bits, base64url (22 characters), so the code
 * stays small enough to scan from across a table and nobody can guess another table's code.
 */
export const newSpotToken = () => randomBytes(16).toString("base64url");
export const SPOT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The QR code's content: any phone camera opens the spot's page. */
export const spotUrl = (token: string) => `${getEnv().APP_URL}/s/${token}`;
