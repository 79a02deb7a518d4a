import { addons } from 'storybook/manager-api';
import { create } from 'storybook/theming';

/** Parley's name and colours in Storybook's own UI. */
addons.setConfig({
  theme: create({
    base: 'light',
    brandTitle: 'Parley — voice components',
    brandUrl: '?path=/docs/introduction--docs',
    brandTarget: '_self',
    colorPrimary: '#4338ca',
    colorSecondary: '#4338ca',
    fontBase:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif',
  }),
});
