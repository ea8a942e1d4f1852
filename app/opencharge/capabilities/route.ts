import { IMPLEMENTED_CAPABILITIES, ourSettlement } from "@/lib/opencharge/capabilities";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { openchargeRoute } from "@/lib/opencharge/route";

export const GET = openchargeRoute({ headers: { "cache-control": "no-store" } }, async () => {
  const { ocid, name } = getGatewayIdentity();
  return { ocid, name, capabilities: IMPLEMENTED_CAPABILITIES, settlement: ourSettlement() };
});
