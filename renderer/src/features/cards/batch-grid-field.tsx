import { Form } from 'antd';
import { GridTreeSelect } from '../../components/grid-tree-select';

/**
 * The 「网格」 field of a batch print (household cards, 申报政策明白纸): the grid whose households
 * are printed, and below it how many households it and the grids under it hold once chosen, or
 * `hint` (what choosing one does) until then.
 */
export function BatchGridField({
  gridId,
  onChange,
  total,
  hint,
  ariaLabel,
}: {
  gridId: number | undefined;
  onChange: (gridId: number | undefined) => void;
  /** Households in the grid and below it; undefined while not known. */
  total: number | undefined;
  hint: string;
  ariaLabel: string;
}) {
  return (
    <Form.Item
      label="网格"
      extra={gridId && total !== undefined ? `该网格及其下级共 ${total} 户` : hint}
    >
      <GridTreeSelect
        value={gridId}
        onChange={onChange}
        placeholder="请选择网格"
        ariaLabel={ariaLabel}
        width={300}
      />
    </Form.Item>
  );
}
