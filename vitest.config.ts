import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [preact()],
  test: {
    include: [
      'test/unit/**/*.test.{ts,tsx}',
      'test/ui/**/*.test.{ts,tsx}',
      'test/extension/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
  },
});
