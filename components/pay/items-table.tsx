/** The line items of an order or a payment request: one table for both summaries. */
export type ItemRow = { key: string; name: string; qty: number; price: string };

export function ItemsTable({ items, currency }: { items: ItemRow[]; currency: string | undefined }) {
  return (
    <table className="items">
      <caption className="visually-hidden">Items</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="num">
            Qty
          </th>
          <th scope="col" className="num">
            Price
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.key}>
            <td>{item.name}</td>
            <td className="num">{item.qty}</td>
            <td className="num">
              {item.price} {currency}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
