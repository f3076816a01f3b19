import { fireEvent, render, screen } from '@testing-library/react';
import AccessibleButton from './AccessibleButton';
// The weapp variant, imported by its file name: jest otherwise resolves the H5 one, as `taro build --type h5` does.
import WeappButton from './AccessibleButton.weapp';

describe('AccessibleButton (H5)', () => {
  it('is a button to a screen reader, reached with Tab and pressed with Enter or Space', () => {
    const press = jest.fn();
    render(<AccessibleButton onClick={press}>提交评价</AccessibleButton>);
    const button = screen.getByRole('button', { name: '提交评价' });
    expect(button.getAttribute('tabindex')).toBe('0');
    expect(button.hasAttribute('aria-disabled')).toBe(false);

    fireEvent.keyDown(button, { key: 'Enter' });
    fireEvent.keyDown(button, { key: ' ' });
    fireEvent.click(button);
    expect(press).toHaveBeenCalledTimes(3);

    // Other keys (Tab itself, letters) pass it by.
    fireEvent.keyDown(button, { key: 'Tab' });
    fireEvent.keyDown(button, { key: 'a' });
    expect(press).toHaveBeenCalledTimes(3);
  });

  it('keeps Space from scrolling the page when it presses the button', () => {
    render(<AccessibleButton onClick={() => undefined}>重试</AccessibleButton>);
    const allowed = fireEvent.keyDown(screen.getByRole('button', { name: '重试' }), { key: ' ' });
    expect(allowed).toBe(false);
  });

  it('says a disabled button is unavailable, leaves it out of the Tab order, and ignores its keys', () => {
    const press = jest.fn();
    render(
      <AccessibleButton disabled onClick={press}>
        正在提交…
      </AccessibleButton>,
    );
    const button = screen.getByRole('button', { name: '正在提交…' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.hasAttribute('tabindex')).toBe(false);
    fireEvent.keyDown(button, { key: 'Enter' });
    expect(press).not.toHaveBeenCalled();
  });

  it('keeps the class that draws it', () => {
    render(
      <AccessibleButton className='rate-submit' hoverClass='hcp-pressed' onClick={() => undefined}>
        提交评价
      </AccessibleButton>,
    );
    expect(screen.getByRole('button', { name: '提交评价' }).classList.contains('rate-submit')).toBe(true);
  });
});

describe('AccessibleButton (weapp)', () => {
  it('is WeChat’s own button, given nothing a browser needs, and still pressed by a tap', () => {
    const press = jest.fn();
    render(
      <WeappButton className='rate-submit' disabled={false} onClick={press}>
        提交评价
      </WeappButton>,
    );
    const button = document.querySelector('.rate-submit') as HTMLElement;
    expect(button.tagName.toLowerCase()).toBe('taro-button-core');
    expect(button.hasAttribute('role')).toBe(false);
    expect(button.hasAttribute('tabindex')).toBe(false);
    fireEvent.click(button);
    expect(press).toHaveBeenCalledTimes(1);
  });
});
