import { render } from 'preact';
import { pageEnv } from '../platform/page-env.ts';
import '../ui/theme.css';
import './popup.css';
import { Popup } from './Popup.tsx';

render(<Popup env={pageEnv} />, document.getElementById('app')!);
