import { render } from 'preact';
import { pageEnv } from '../platform/page-env.ts';
import '../ui/theme.css';
import './options.css';
import { Options } from './Options.tsx';

render(<Options env={pageEnv} />, document.getElementById('app')!);
