/** The price table: every row with its source and the date it was set, each price editable. */
import { useState } from 'react';
import type { PriceEntry } from '../../../../shared/types.ts';
import { useUsageStore } from '../../stores/usage.ts';
import { formatUnits, providerName } from './format.ts';

function PriceRow({ row, currency }: { row: PriceEntry; currency: string }) {
  const [input, setInput] = useState(String(row.inputPrice));
  const [output, setOutput] = useState(row.outputPrice === null ? '' : String(row.outputPrice));
  const setPrice = useUsageStore((state) => state.setPrice);
  const id = `${row.provider}-${row.item}`;
  const save = () =>
    void setPrice({
      provider: row.provider,
      item: row.item,
      unit: row.unit,
      per: row.per,
      freeUnits: row.freeUnits,
      freePeriod: row.freePeriod,
      inputPrice: Number(input),
      outputPrice: row.outputPrice === null ? null : Number(output),
    });

  return (
    <tr data-testid={`price-row-${id}`}>
      <th scope="row">{providerName(row.provider)}</th>
      <td>{row.item}</td>
      <td>
        {currency} per {formatUnits(row.per)} {row.unit}
        {row.freeUnits !== null && (
          <div className="muted">
            first {formatUnits(row.freeUnits)} a {row.freePeriod} free
          </div>
        )}
      </td>
      <td>
        <input className="input narrow" inputMode="decimal" aria-label={`${id} input price`} value={input} data-testid={`price-${id}-input`} onChange={(event) => setInput(event.target.value)} />
      </td>
      <td>
        {row.outputPrice !== null && (
          <input className="input narrow" inputMode="decimal" aria-label={`${id} output price`} value={output} data-testid={`price-${id}-output`} onChange={(event) => setOutput(event.target.value)} />
        )}
      </td>
      <td data-testid={`price-${id}-set-at`}>{row.setAt}</td>
      <td className="muted">{row.source}</td>
      <td>
        <button type="button" className="button" data-testid={`price-${id}-save`} onClick={save}>
          Save
        </button>
      </td>
    </tr>
  );
}

/** Renders the merged price table; a saved row takes today's date. */
export function PriceTable({ prices, currency }: { prices: PriceEntry[]; currency: string }) {
  return (
    <table className="usage-table price-table" data-testid="price-table">
      <caption>Prices apply to calls made after they are saved; stored costs keep the price of their time.</caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Model or plan</th>
          <th scope="col">Unit</th>
          <th scope="col">Price (input)</th>
          <th scope="col">Price (output)</th>
          <th scope="col">Set on</th>
          <th scope="col">Source</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {prices.map((row) => (
          <PriceRow key={`${row.provider}-${row.item}-${row.setAt}-${row.inputPrice}`} row={row} currency={currency} />
        ))}
      </tbody>
    </table>
  );
}
