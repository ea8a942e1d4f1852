import { z } from "zod";
import { receiveTransfer } from "@/lib/network/receive-transfer";
import { openchargeRoute } from "@/lib/opencharge/route";

/** Money in from the Opencharge network: a signed request carrying {proof, signature} (reference §7.7, §8.3). */
export const POST = openchargeRoute({ body: z.unknown() }, async ({ auth, body }) => receiveTransfer({ body, senderOcid: auth.ocid }));
