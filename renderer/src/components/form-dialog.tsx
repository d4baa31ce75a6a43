import { App, Form, Modal, Spin, type FormInstance, type FormProps } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useAction } from '../hooks/use-action';
import { applyFieldErrors, type FieldPathMap } from './field-errors';

/**
 * Enter in a one-line field submits the dialog. Not in a text area, a drop-down (its Enter
 * picks an option), a check box, or while an input method is composing (Enter there confirms
 * the pinyin, 拼音输入法).
 */
export function isSubmitEnter(event: KeyboardEvent<HTMLElement>): boolean {
  if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.altKey) return false;
  if (event.nativeEvent.isComposing || event.keyCode === 229) return false;
  const target = event.target as HTMLElement;
  if (!(target instanceof HTMLInputElement)) return false;
  if (['checkbox', 'radio', 'file', 'button', 'submit'].includes(target.type)) return false;
  if (target.getAttribute('role') === 'combobox' || target.closest('.ant-select')) return false;
  return true;
}

/**
 * The dialog every record form opens in: the fields checked first, then the change run with
 * the OK button busy; on success its message and `onSaved` with the result, on failure the
 * service's Chinese error as is (useAction), each bad field's message under that field, and
 * the dialog stays open to correct. Closing with changes (Esc, ×, a click outside, 取消) asks
 * first; Enter in a one-line field saves.
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
  fieldPath,
  beforeSave,
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
  /**
   * Where a service's bad field sits in this form, when its names differ from the API's
   * (['members', 1, 'idNumber'] → ['m', 'idNumber']); null leaves it to the top message.
   */
  fieldPath?: FieldPathMap;
  /**
   * Asked after the fields pass and before `save` (e.g. 「X 不负责这户所在的网格…？」):
   * false keeps the dialog open with nothing saved.
   */
  beforeSave?: (values: Values) => boolean | Promise<boolean>;
  /** Writes the checked values; its result goes to `onSaved`. */
  save: (values: Values) => Promise<Result>;
  /** What to say once saved, or a choice of it by the values saved. */
  success: string | ((values: Values) => string);
  onSaved: (result: Result) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { modal } = App.useApp();
  const { run, busy } = useAction();
  const asking = useRef(false);
  const submit = async () => {
    if (busy) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      // antd has put each message under its field already; scroll the first into view.
      const first = form.getFieldsError().find((f) => f.errors.length > 0);
      if (first) form.scrollToField(first.name as NamePath, { block: 'center' });
      return;
    }
    if (beforeSave && !(await beforeSave(values))) return;
    const saved = await run(
      () => save(values),
      typeof success === 'function' ? success(values) : success,
      (error) => {
        if (error instanceof ApiError) applyFieldErrors(form, error.fields, fieldPath);
      },
    );
    if (saved !== undefined) onSaved(saved);
  };
  /** Esc, ×, a click outside or 取消: with changes typed, ask before they are thrown away. */
  const requestClose = () => {
    if (busy || asking.current) return;
    if (loading || !form.isFieldsTouched()) {
      onClose();
      return;
    }
    asking.current = true;
    modal.confirm({
      title: '放弃未保存的修改？',
      content: '这个窗口里填写或修改的内容还没有保存，关闭后会丢失。',
      okText: '放弃修改',
      okButtonProps: { danger: true },
      cancelText: '继续填写',
      onOk: () => {
        asking.current = false;
        onClose();
      },
      onCancel: () => {
        asking.current = false;
      },
    });
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
      onCancel={requestClose}
      destroyOnHidden
    >
      {header}
      {loading ? (
        <Spin />
      ) : (
        <div
          onKeyDown={(event) => {
            if (!isSubmitEnter(event)) return;
            event.preventDefault();
            void submit();
          }}
        >
          <Form<Values>
            form={form}
            name={name}
            layout="vertical"
            preserve={preserve}
            initialValues={initialValues}
          >
            {children}
          </Form>
        </div>
      )}
    </Modal>
  );
}
