import { z } from "zod";

/**
 * The largest OCID we take: OCIDs are stored in 32-bit integer columns (PostgreSQL `integer`), and real
 * registry OCIDs are far below it. Every boundary checks it, so a larger one is a clean 400/401 on both
 * engines rather than a database error.
 */
export const MAX_OCID = 2_147_483_647;

export const ocidNumber = z.number().int().positive().max(MAX_OCID);

export function isOcid(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= MAX_OCID;
}
