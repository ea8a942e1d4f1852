import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth/current-user";
import { listMerchants } from "@/lib/merchants/list-merchants";
import { CreateMerchantForm } from "./create-merchant-form";
import { MerchantHeader } from "./merchant-header";

export const metadata: Metadata = { title: "Merchants" };
export const dynamic = "force-dynamic";

export default async function MerchantsPage() {
  const user = await requireSessionUser("/merchant");
  const merchants = await listMerchants(user.id);
  return (
    <main className="page stack">
      <MerchantHeader isList />
      <h1>Merchants</h1>
      <p className="muted">
        A merchant takes payments at a point of sale: it shows a QR code and a short code, and the customer pays from their wallet. Its money is
        kept apart from yours until you pay it out.
      </p>
      <section aria-labelledby="merchants-heading" className="stack">
        <h2 id="merchants-heading">Your merchants</h2>
        {merchants.length === 0 ? (
          <p className="muted">No merchants yet. Create your first one below.</p>
        ) : (
          <ul className="row-list card" aria-label="Merchants">
            {merchants.map((m) => (
              <li key={m.id} className="row-head">
                <div>
                  <Link href={`/merchant/${m.id}`} style={{ fontWeight: 700 }}>
                    {m.name}
                  </Link>
                  <div className="muted small">@{m.handle}</div>
                </div>
                <Link className="button button-secondary" href={`/merchant/${m.id}/pos`} aria-label={`Point of sale of ${m.name}`}>
                  Point of sale
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="create-heading" className="stack section-gap">
        <h2 id="create-heading">New merchant</h2>
        <CreateMerchantForm />
      </section>
    </main>
  );
}
