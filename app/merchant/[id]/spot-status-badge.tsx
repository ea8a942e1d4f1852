/** A spot's status as a badge: waiting (a customer checked in) stands out; the words are the contract's. */
export function SpotStatusBadge({ status }: { status: string }) {
  const tone = status === "waiting" ? " status-waiting" : status === "busy" ? " status-busy" : "";
  return <span className={`status-badge${tone}`}>{status}</span>;
}
