import { useEffect, useState } from 'react';

/**
 * The body height of a list's table that keeps the whole page — filters, totals, the table's
 * last row above its horizontal scrollbar, and the pager — inside the window (issue 12 item 7:
 * the clerk's 1366×768 screen). `reserved` is what the page puts around the table body.
 */
export function useTableHeight(reserved: number, min = 240): number {
  const measure = () => Math.max(min, window.innerHeight - reserved);
  const [height, setHeight] = useState(measure);
  useEffect(() => {
    const onResize = () => setHeight(Math.max(min, window.innerHeight - reserved));
    onResize();
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [reserved, min]);
  return height;
}
