import { Form, Modal, Spin, type FormInstance, type FormProps } from 'antd';
import type { ReactNode } from 'react';
import { useAction } from '../hooks/use-action';

/**
 * The dialog every record form opens in: the fields checked first, then the change run with
 * the OK button busy; on success its message and `onSaved` with the result, on failure the
 * service's Chinese error as is (useAction) and the dialog stays open to correct.
 */
export function FormDialog<Values, Result>({
  form,
  name,
  title,
  okText = '保存',
  width,
  open = true,
  initialValues,
  preserve,
  header,
  loading = false,
  save,
  success,
  onSaved,
  onClose,
  children,
}: {
  /** The form's instance, kept by the caller to watch or fill its fields. */
  form: FormInstance<Values>;
  /** The form's name: antd builds the fields' ids from it. */
  name?: string;
  title: ReactNode;
  okText?: string;
  width?: number;
  open?: boolean;
  initialValues?: FormProps<Values>['initialValues'];
  preserve?: boolean;
  /** Shown above the form, e.g. the step's deadline or a load error. */
  header?: ReactNode;
  /** While the record to edit is loading: a spinner in place of the form. */
  loading?: boolean;
  /** Writes the checked values; its result goes to `onSaved`. */
  save: (values: Values) => Promise<Result>;
  /** What to say once saved, or a choice of it by the values saved. */
  success: string | ((values: Values) => string);
  onSaved: (result: Result) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { run, busy } = useAction();
  const submit = async () => {
    const values = await form.validateFields();
    const saved = await run(
      () => save(values),
      typeof success === 'function' ? success(values) : success,
    );
    if (saved) onSaved(saved);
  };
  return (
    <Modal
      open={open}
      width={width}
      title={title}
      okText={okText}
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {header}
      {loading ? (
        <Spin />
      ) : (
        <Form<Values>
          form={form}
          name={name}
          layout="vertical"
          preserve={preserve}
          initialValues={initialValues}
        >
          {children}
        </Form>
      )}
    </Modal>
  );
}
