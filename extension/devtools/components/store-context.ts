import { createContext } from 'preact';
import { useContext, useEffect, useReducer, useRef } from 'preact/hooks';
import type { PanelState, PanelStore } from '../model/panel-store.ts';

export const StoreContext = createContext<PanelStore | null>(null);

export function useStore(): PanelStore {
  const store = useContext(StoreContext);
  if (!store)
    throw new Error('StoreContext is missing: render the panel inside <StoreContext.Provider>.');
  return store;
}

/**
 * Subscribes to one slice of the state: the component re-renders only when that slice changes
 * (by identity), so a new request does not re-render the detail view.
 */
export function usePanelState<T>(select: (state: PanelState) => T): T {
  const store = useStore();
  const [, forceRender] = useReducer((n: number) => n + 1, 0);
  const selectRef = useRef(select);
  selectRef.current = select;
  const value = select(store.getState());
  const valueRef = useRef(value);
  valueRef.current = value;
  useEffect(() => {
    const check = () => {
      if (!Object.is(selectRef.current(store.getState()), valueRef.current)) forceRender(0);
    };
    const unsubscribe = store.subscribe(check);
    // A change between this render and the subscription would otherwise be missed.
    check();
    return unsubscribe;
  }, [store]);
  return value;
}
