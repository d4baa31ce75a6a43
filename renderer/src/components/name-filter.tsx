import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useEffect, useRef, useState } from 'react';

/**
 * 按姓名筛选: a household's or a person's name, or any part of it (桂 finds 李桂英). The list
 * follows a moment after typing stops (not on each pinyin letter while an input method is
 * composing), or at once on Enter.
 */
export function NameFilter({
  value,
  onChange,
  placeholder = '户主、成员或反映人姓名',
  width = 200,
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  width?: number;
}) {
  const [text, setText] = useState(value ?? '');
  const composing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // A filter cleared from outside (清除筛选) empties the box too: adjusted while rendering,
  // only when the applied value changes (the box's own text is the user's).
  const [applied, setApplied] = useState(value);
  if (applied !== value) {
    setApplied(value);
    if ((value ?? '') !== text.trim()) setText(value ?? '');
  }
  useEffect(() => () => clearTimeout(timer.current), []);
  const apply = (next: string) => {
    clearTimeout(timer.current);
    const trimmed = next.trim();
    if (trimmed !== (value ?? '')) onChange(trimmed || undefined);
  };
  const later = (next: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(next), 300);
  };
  return (
    <Input
      aria-label="按姓名筛选"
      placeholder={placeholder}
      prefix={<SearchOutlined style={{ color: '#999' }} />}
      allowClear
      maxLength={30}
      style={{ width }}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        if (!composing.current) later(event.target.value);
      }}
      onCompositionStart={() => {
        composing.current = true;
      }}
      onCompositionEnd={(event) => {
        composing.current = false;
        later(event.currentTarget.value);
      }}
      onPressEnter={() => apply(text)}
    />
  );
}
