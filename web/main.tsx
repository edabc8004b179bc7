// global styles first, so component CSS Modules come later in the cascade
import './styles/tokens.css'
import './styles/base.css'
import { render } from 'preact'
import { App } from './app.tsx'

const root = document.getElementById('app')
if (root) render(<App />, root)
