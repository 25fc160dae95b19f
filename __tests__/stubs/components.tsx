/**
 * Stand-ins for @tarojs/components as plain DOM elements, so Testing Library can query and click
 * them. Taro's event shape (`e.detail.value`) is kept for inputs, pickers and switches.
 */
import React from 'react';

type Props = Record<string, unknown> & { children?: React.ReactNode; className?: string };

const passthrough = (p: Props) => {
  const { className, children, onClick, style, role, ...rest } = p;
  const data = Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith('data-') || k.startsWith('aria-')));
  return { className, children, onClick, style, role, ...data } as Record<string, unknown>;
};

export const View = (p: Props) => React.createElement('div', passthrough(p));
export const Text = (p: Props) => React.createElement('span', passthrough(p));
export const ScrollView = View;
export const Label = (p: Props) => React.createElement('label', passthrough(p));
export const Image = (p: Props) => React.createElement('img', { ...passthrough(p), src: p.src as string, alt: p['aria-label'] as string });
export const Map = (p: Props) => React.createElement('div', { ...passthrough(p), 'data-map': 'true' });
export const Button = (p: Props) => React.createElement('button', { ...passthrough(p), disabled: Boolean(p.disabled), type: 'button' });
export const Input = (p: Props) =>
  React.createElement('input', {
    ...passthrough(p),
    name: p.name,
    // As Taro's h5 Input renders it (getTrueType in @tarojs/components): digit becomes number, the rest pass
    // through; a browser keeps no text in a number field ("138-0013-8000" pasted reads as "").
    type: p.type === 'digit' ? 'number' : (p.type as string | undefined),
    value: (p.value as string) ?? '',
    placeholder: p.placeholder,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      (p.onInput as ((e: { detail: { value: string } }) => void) | undefined)?.({ detail: { value: e.target.value } }),
    onBlur: () => (p.onBlur as (() => void) | undefined)?.(),
  });
export const Switch = (p: Props) =>
  React.createElement('input', {
    ...passthrough(p),
    type: 'checkbox',
    checked: Boolean(p.checked),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      (p.onChange as ((e: { detail: { value: boolean } }) => void) | undefined)?.({ detail: { value: e.target.checked } }),
  });
export const Picker = (p: Props) => {
  const range = (p.range as string[]) ?? [];
  return React.createElement(
    'label',
    { className: p.className as string },
    p.children,
    React.createElement(
      'select',
      {
        'data-testid': 'picker',
        value: String(p.value ?? 0),
        onChange: (e: React.ChangeEvent<HTMLSelectElement>) =>
          (p.onChange as ((e: { detail: { value: string } }) => void) | undefined)?.({ detail: { value: e.target.value } }),
      },
      range.map((label, i) => React.createElement('option', { key: i, value: String(i) }, label)),
    ),
  );
};
