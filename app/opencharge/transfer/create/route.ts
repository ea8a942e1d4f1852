import { createTransfer, createTransferBody } from "@/lib/network/create-transfer";
import { openchargeRoute } from "@/lib/opencharge/route";

/** A partner gateway spends its reserve with us (reference §7.6): → {proof, signature} signed by us. */
export const POST = openchargeRoute({ body: createTransferBody }, async ({ auth, body }) => createTransfer({ partnerOcid: auth.ocid, input: body }));
