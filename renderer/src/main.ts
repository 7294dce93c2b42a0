// The job browser window: mount the app, then connect it to the main side.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { app } from './lib/app.svelte.ts';
import { getApi } from './lib/bridge.ts';

mount(App, { target: document.getElementById('app')! });
void app.start(getApi());
