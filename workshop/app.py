"""The workshop page: `solara run workshop/app.py --production` (or `make app`), a live view of the `sim` model.

Sidebar (this module): language (EN/FR), Reset / play-pause / Step and the week, the play speed, the world,
seed and side-by-side switch, and the levers, each policy with its start and end week. Main area: the map
(workshop/map.py over the background of workshop/geo.py), the outcome charts and where armed groups' money comes
from (workshop/charts.py), where the ore goes, "How sure are we?" (workshop/seeds.py, runs in a background
process), export to PNG (workshop/export.py) and the table of the last year's means. A moved lever applies when
Reset rebuilds the model (policies are built with the model); labels come from workshop/i18n.py.
"""

from __future__ import annotations

import html
import time
from concurrent.futures import as_completed

import solara
import solara.lab
import solara.server.settings

from workshop import charts, seeds
from workshop.export import export_png
from workshop.i18n import t
from workshop.map import background_svg, legend_html, model_frame, overlay_svg
from workshop.model import MAX_WEEKS, POLICIES, SHOCK_MINERALS, WORLDS, Levers, WorkshopModel

# show every slider's value under its thumb; table spacing
CSS = """
.v-slider__thumb-container::after { content: attr(aria-valuenow); position: absolute; top: 9px; left: 50%;
  transform: translateX(-50%); font-size: 11px; color: #1565c0; white-space: nowrap; }
table.summary th, table.summary td { padding: 2px 12px 2px 0; text-align: left; }
.map-stack { position: relative; }
.map-stack > .overlay { position: absolute; top: 0; left: 0; width: 100%; }
.v-card__title { font-size: 15px !important; padding: 8px 12px !important; }
"""
solara.server.settings.theme.show_banner = False     # no "This website runs on Solara" (English) corner
WEEKS = {"max_start": 520, "max_end": MAX_WEEKS, "step": 4}
# lever sliders by card: (param, type, min, max, step); start/end sliders are added per policy
LEVER_CARDS = {
    "ddr": [("ddr_capacity", int, 0, 30000, 1000)],
    "certification": [("inspection_sites", int, 0, 1000, 50), ("buyer_compliance", float, 0.0, 1.0, 0.05),
                      ("buyers_start", int, 0, WEEKS["max_start"], WEEKS["step"])],
    "dmz": [("dmz_sites", int, 0, 200, 5)],
    "border": [("border_seizure", float, 0.0, 0.9, 0.05)],
}
TIMING = {"ddr": "ddr", "certification": "cert", "dmz": "dmz", "border": "border"}
DEFAULTS: dict[str, object] = {"world": "eastern_drc", "seed": 0, "compare": False,
                               **{f.name: f.default for f in Levers.__dataclass_fields__.values()}}


def build(params: dict) -> WorkshopModel:
    """The model for the sidebar's values."""
    return WorkshopModel(**params)


@solara.component
def Slider(params: solara.Reactive[dict], name: str, label: str, kind: type, lo: float, hi: float,
           step: float) -> None:
    """One slider bound to `params[name]`."""
    def set_value(v: float) -> None:
        params.set({**params.value, name: kind(v)})

    if kind is int:
        solara.SliderInt(label, value=int(params.value[name]), min=int(lo), max=int(hi), step=int(step),
                         on_value=set_value)
    else:
        solara.SliderFloat(label, value=float(params.value[name]), min=lo, max=hi, step=step, on_value=set_value)


@solara.component
def WeekCounter(model: solara.Reactive[WorkshopModel], tick: solara.Reactive[int], lang: str) -> None:
    tick.get()
    solara.HTML(unsafe_innerHTML=f'<b class="week-counter" data-week="{model.value.week}">'
                f'{t(lang, "week_n", n=model.value.week)}</b>')


@solara.component
def Controls(model: solara.Reactive[WorkshopModel], params: solara.Reactive[dict], tick: solara.Reactive[int],
             lang: str) -> None:
    """Reset, play/pause, Step, the week and the play speed; the loop steps the model in a thread."""
    playing = solara.use_reactive(False)
    pause_ms = solara.use_reactive(20)

    def loop() -> None:
        while playing.value and model.value.running:
            time.sleep(pause_ms.value / 1000)
            model.value.step()
            tick.set(tick.value + 1)
        playing.set(False)

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)

    def step() -> None:
        model.value.step()
        tick.set(tick.value + 1)

    def reset() -> None:
        playing.set(False)
        model.set(build(params.value))
        tick.set(tick.value + 1)

    with solara.Row(justify="space-between"):
        solara.Button(t(lang, "reset"), color="primary", on_click=reset)
        solara.Button("❚❚" if playing.value else "▶", color="primary", on_click=lambda: playing.set(not playing.value))
        solara.Button(t(lang, "step"), color="primary", on_click=step, disabled=playing.value)
    WeekCounter(model, tick, lang)
    solara.SliderInt(t(lang, "pause_ms"), value=pause_ms, min=0, max=500, step=10)


@solara.component
def Sidebar(model, params, tick, lang: solara.Reactive[str]) -> None:
    """Language, controls, world and levers."""
    lg = lang.value
    with solara.Row():
        for code in ("en", "fr"):
            solara.Button(code.upper(), on_click=lambda c=code: lang.set(c), outlined=lg != code,
                          color="primary", small=True, classes=[f"lang-{code}"])
    with solara.Card(t(lg, "run")):
        Controls(model, params, tick, lg)
    with solara.Card(t(lg, "world")):
        names = {w: t(lg, f"world_{w}") for w in WORLDS}
        solara.Select(t(lg, "world"), values=list(names.values()), value=names[params.value["world"]],
                      on_value=lambda v: params.set({**params.value, "world": next(k for k, n in names.items()
                                                                                   if n == v)}))
        Slider(params, "seed", t(lg, "seed"), int, 0, 20, 1)
        solara.Checkbox(label=t(lg, "compare"), value=bool(params.value["compare"]),
                        on_value=lambda v: params.set({**params.value, "compare": v}))
    solara.HTML(unsafe_innerHTML=f"<b>{t(lg, 'levers')}</b>", style="margin:8px 4px 0")
    for policy in POLICIES:
        with solara.Card(t(lg, policy)):
            for name, kind, lo, hi, step in LEVER_CARDS[policy]:
                Slider(params, name, t(lg, name), kind, lo, hi, step)
            p = TIMING[policy]
            Slider(params, f"{p}_start", t(lg, "start_week", name=t(lg, policy)), int, 0, WEEKS["max_start"],
                   WEEKS["step"])
            Slider(params, f"{p}_end", t(lg, "end_week", name=t(lg, policy)), int, 0, WEEKS["max_end"],
                   WEEKS["step"])
    with solara.Card(t(lg, "shock_mineral")):
        minerals = {m: t(lg, f"min_{m}") for m in SHOCK_MINERALS}
        solara.Select(t(lg, "shock_mineral"), values=list(minerals.values()),
                      value=minerals[params.value["shock_mineral"]],
                      on_value=lambda v: params.set({**params.value, "shock_mineral": next(
                          k for k, n in minerals.items() if n == v)}))
        Slider(params, "shock_factor", t(lg, "shock_factor"), float, 0.2, 5.0, 0.1)


@solara.component
def MapView(m: WorkshopModel, week: int, title: str, width: float, lang: str, show_flows: bool,
            show_moves: bool) -> None:
    """The static background (sent once) under the overlay redrawn each week (`week` changes the props)."""
    frame = model_frame(m, width)
    background = solara.use_memo(lambda: background_svg(m, frame, lang), [m.cfg.world.name, width, lang])
    with solara.Div(classes=["map-stack"], style=f"max-width:{78 * frame.width / frame.height:.0f}vh"):
        solara.HTML(unsafe_innerHTML=background)
        solara.HTML(unsafe_innerHTML=overlay_svg(m, frame, title, lang, show_flows, show_moves), classes=["overlay"])


@solara.component
def SeedsPanel(model: solara.Reactive[WorkshopModel], lang: str) -> None:
    """"How sure are we?": submit the runs, follow them in a thread, show the line and the bands."""
    job = solara.use_reactive(None)
    job_id = solara.use_reactive(0)
    done = solara.use_reactive(0)
    error = solara.use_reactive("")

    def follow() -> None:
        j = job.value
        if j is None:
            return
        try:
            for _ in as_completed(j.futures):
                done.set(j.done())
        except Exception as e:       # noqa: BLE001 (shown on the page)
            error.set(str(e))

    solara.lab.use_task(follow, dependencies=[job_id.value], prefer_threaded=True)

    def start() -> None:
        m = model.value
        lv = m.lever_values
        first = lv.first_week()
        if first is None and lv.shock_mineral == "none":
            error.set(t(lang, "seeds_none"))
            return
        error.set("")
        weeks = min(max(m.week, 104), 520)
        lever_args = {k: getattr(lv, k) for k in Levers.__dataclass_fields__}
        done.set(0)
        job.set(seeds.SeedJob.submit(m.cfg.world.name, m.cfg.seed, lever_args, weeks, first or 0))
        job_id.set(job_id.value + 1)

    solara.HTML(unsafe_innerHTML=f'<b>{t(lang, "seeds_title")}</b> <small>'
                f'{t(lang, "seeds_intro", n=seeds.N_SEEDS)}</small>')
    solara.Button(t(lang, "seeds_button", n=seeds.N_SEEDS), on_click=start, color="secondary", outlined=True,
                  classes=["seeds-button"])
    j = job.value
    if error.value:
        solara.HTML(unsafe_innerHTML=f'<span class="seeds-error">{html.escape(error.value)}</span>')
    elif j is not None and done.value < len(j.futures):
        solara.HTML(unsafe_innerHTML=f'<span class="seeds-progress">'
                    f'{t(lang, "seeds_running", done=done.value, n=len(j.futures))}</span>')
    elif j is not None:
        solara.HTML(unsafe_innerHTML=seeds.result_html(j, lang))


@solara.component
def ExportPanel(model: solara.Reactive[WorkshopModel], lang: str, show_flows: bool, show_moves: bool) -> None:
    """One click: the map, charts and table as a PNG under exports/, also offered for download."""
    saved = solara.use_reactive(None)

    def export() -> None:
        saved.set(export_png(model.value, lang, show_flows, show_moves))

    solara.Button(t(lang, "export"), on_click=export, color="primary", outlined=True, classes=["export-button"])
    if saved.value is not None:
        path = saved.value
        solara.HTML(unsafe_innerHTML=f'<small class="export-done">{t(lang, "exported", path="exports/" + path.name)}'
                    "</small>")
        solara.FileDownload(path.read_bytes(), filename=path.name, label=t(lang, "download"))


@solara.component
def Dashboard(model: solara.Reactive[WorkshopModel], tick: solara.Reactive[int], lang: str) -> None:
    """Map, charts, flows, seeds, export and table of the current model; redrawn on every step."""
    tick.get()
    m = model.value
    show_flows = solara.use_reactive(True)
    show_moves = solara.use_reactive(True)
    with solara.Columns([6, 7] if m.baseline is not None else [5, 7]):
        with solara.Column():
            if m.baseline is not None:
                with solara.Columns([1, 1]):
                    MapView(m.baseline, m.week, t(lang, "baseline"), 420, lang, show_flows.value, show_moves.value)
                    MapView(m, m.week, t(lang, "policy_mix"), 420, lang, show_flows.value, show_moves.value)
            else:
                MapView(m, m.week, t(lang, "map_title"), 560, lang, show_flows.value, show_moves.value)
            with solara.Row():
                solara.Checkbox(label=t(lang, "show_flows"), value=show_flows)
                solara.Checkbox(label=t(lang, "show_moves"), value=show_moves)
            solara.HTML(unsafe_innerHTML=legend_html(lang, m))
        with solara.Column():
            solara.HTML(unsafe_innerHTML=charts.charts_html(m, lang))
            solara.HTML(unsafe_innerHTML=f'<div data-chart="revenue_sources" style="max-width:520px">'
                        f'{charts.revenue_svg(m, lang)}</div>{charts.revenue_legend_html(m, lang)}')
            solara.HTML(unsafe_innerHTML=charts.flows_html(m, lang))
    with solara.Columns([7, 5], style="margin:8px 16px"):
        solara.HTML(unsafe_innerHTML=charts.summary_html(m, lang))
        with solara.Column():
            SeedsPanel(model, lang)
            ExportPanel(model, lang, show_flows.value, show_moves.value)


@solara.component
def Page() -> None:
    """One model per browser session (eastern_drc, built on first render), our sidebar and dashboard."""
    params = solara.use_reactive(dict(DEFAULTS))
    first = solara.use_memo(lambda: build(DEFAULTS), [])
    model = solara.use_reactive(first)
    tick = solara.use_reactive(0)
    lang = solara.use_reactive("en")
    solara.Style(CSS)
    solara.Title(t(lang.value, "title"))
    with solara.AppBar():
        solara.AppBarTitle(t(lang.value, "title"))
    with solara.Sidebar():
        Sidebar(model, params, tick, lang)
    Dashboard(model, tick, lang.value)
