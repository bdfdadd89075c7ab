"""``keyparts life``: fit, compare, alt, plan — life-data analysis from tests.csv files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from keyparts.cli.common import JsonOpt, console
from keyparts.errors import InputError, KeypartsError

life_app = typer.Typer(name="life", help="Life-data analysis: Weibull & co., bounds, B-lives, "
                       "comparison, accelerated life, test plans.", no_args_is_help=True)

ClOpt = Annotated[float, typer.Option("--cl", help="Confidence level of the bounds (0.5-1).")]
DistOpt = Annotated[str, typer.Option("--dist", help="weibull2p, weibull3p, exponential1p, "
                                      "exponential2p, lognormal, normal, loglogistic, gamma.")]
ToUnitOpt = Annotated[str | None, typer.Option("--to-unit", help="Unit to give times in (e.g. h, "
                                               "Mrev); default the unit most rows use.")]


def _read_tests(path: Path, part: str | None = None) -> Any:
    """The typed tests frame of a tests.csv-style file (the dataset contract's rules), one part."""
    from keyparts.dataset.upload import read_life_tests

    if not path.is_file():
        raise InputError(f"{path}: file not found")
    df = read_life_tests(path.read_bytes(), file=str(path))
    ids = df["part_id"].astype(str)
    if part is not None:
        if df["part_id"].isna().all():
            raise InputError(f"{path}: --part given but no part_id column")
        if not (ids == part).any():
            raise InputError(f"{path}: no tests for part {part} (parts: "
                             f"{', '.join(sorted(ids.unique())[:10])})")
        return df[ids == part]
    if df["part_id"].nunique() > 1:
        raise InputError(f"{path}: holds tests of {df['part_id'].nunique()} parts "
                         f"({', '.join(sorted(ids.unique())[:10])}); choose one with --part")
    return df


def _from_db(url: str, part: str) -> Any:
    """The stored tests of one part."""
    try:
        from keyparts.store import load_frames
    except ImportError:
        raise InputError("--db/--part: reading tests from the store is not available yet") from None
    try:
        frames = load_frames(url)
    except KeypartsError:
        raise
    except Exception as exc:
        raise InputError(f"--db {url}: cannot read the tests table ({type(exc).__name__}: {exc})") from None
    df = frames.get("tests")
    if df is None or len(df) == 0:
        raise InputError(f"{url}: the database holds no life tests (tests table empty)")
    sel = df[df["part_id"].astype(str) == part]
    if len(sel) == 0:
        parts = ", ".join(sorted(map(str, df["part_id"].unique()))[:10])
        raise InputError(f"--part {part}: no tests for this part (parts with tests: {parts})")
    return sel


def _params_table(title: str, d: dict[str, Any]) -> Table:
    tb = Table(title=title)
    for c in ("parameter", "estimate", "se", "lower", "upper"):
        tb.add_column(c, justify="right" if c != "parameter" else "left")
    b = d["bounds"]["params"]
    for k, v in d["params"].items():
        lo, hi = b.get(k, [None, None])
        tb.add_row(k, f"{v:.6g}", _g(d["se"].get(k)), _g(lo), _g(hi))
    return tb


def _g(x: Any) -> str:
    return "–" if x is None else f"{x:.6g}"


@life_app.command("fit")
def fit_cmd(
    file: Annotated[Path | None, typer.Argument(help="tests.csv-style file (time, time_upper, "
                                                     "status F/S/L/I, count, stress, time_unit).")] = None,
    dist: DistOpt = "weibull2p",
    method: Annotated[str, typer.Option("--method", help="mle, rrx or rry.")] = "mle",
    ranks: Annotated[str, typer.Option("--ranks", help="Median ranks for rrx/rry: bernard or exact.")] = "bernard",
    bounds: Annotated[str, typer.Option("--bounds", help="fisher, lr or bootstrap.")] = "fisher",
    cl: ClOpt = 0.9,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Resamples for --bounds bootstrap (Weibull 2P).")] = 2000,
    sides: Annotated[int, typer.Option("--sides", help="2 two-sided interval; 1 one-sided bounds.")] = 2,
    db: Annotated[str | None, typer.Option("--db", help="Database URL to read tests from.")] = None,
    part: Annotated[str | None, typer.Option("--part", help="Part id whose tests to fit.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a probability plot (.png/.svg).")] = None,
    at: Annotated[float | None, typer.Option("--at", help="Also give the reliability R(t) at this time, with bounds.")] = None,
    to_unit: ToUnitOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fit a life distribution with confidence bounds and the B10 life.

    Example: keyparts life fit tests.csv --dist weibull2p --bounds lr --cl 0.9 --plot weibull.png
    """
    from keyparts.life import fit, from_tests_frame

    if db is not None or (part is not None and file is None):
        if db is None or part is None:
            raise InputError("--db and --part go together (e.g. --db sqlite:///keyparts.db --part P-001)")
        df = _from_db(db, part)
    elif file is not None:
        df = _read_tests(file, part)
    else:
        raise InputError("give a CSV file or --db URL --part ID")
    data = from_tests_frame(df, to_unit=to_unit)
    unit = data.unit
    res = fit(data, dist=dist, method=method, ranks=ranks, cl=cl, bounds=bounds, sides=sides,
              bootstrap=bootstrap if bounds == "bootstrap" else 0)
    if plot is not None:
        from keyparts.life.plots import probability_plot
        probability_plot(res, data, str(plot))
    d = res.to_dict()
    if at is not None:
        lo, hi = res.reliability_bounds(at)
        d["reliability"] = {"t": at, "value": res.reliability(at), "bounds": [lo, hi]}
    if as_json:
        print(json.dumps(d))
        return
    console.print(_params_table(
        f"{d['distribution']} by {d['method']}{' (' + d['ranks'] + ' ranks)' if d['ranks'] else ''}: "
        f"n={d['n']}, failures={d['failures']}; {d['bounds']['method']} bounds at "
        f"{d['bounds']['cl']:.0%} ({'two' if d['bounds']['sides'] == 2 else 'one'}-sided)", d))
    console.print(f"B10 = {_g(d['b10'])} [{_g(d['b10_bounds'][0])}, {_g(d['b10_bounds'][1])}]"
                  f"{' ' + unit if unit else ''};  log-likelihood {_g(d['loglik'])}, "
                  f"AICc {_g(d['aicc'])}, BIC {_g(d['bic'])}")
    if at is not None:
        rr = d["reliability"]
        console.print(f"R({at:g}) = {rr['value']:.5g} [{rr['bounds'][0]:.5g}, {rr['bounds'][1]:.5g}]")
    for note in d["notes"]:
        console.print(f"note: {escape(note)}")
    if plot is not None:
        console.print(f"plot written to {plot}")


@life_app.command("compare")
def compare_cmd(
    substitute: Annotated[Path, typer.Argument(help="Tests of the substitute part (CSV).")],
    benchmark: Annotated[Path, typer.Argument(help="Tests of the benchmark part (CSV).")],
    dist: DistOpt = "weibull2p",
    cl: ClOpt = 0.9,
    p: Annotated[float, typer.Option("--p", help="Bp life to qualify (10 = B10).")] = 10.0,
    required: Annotated[float | None, typer.Option("--required", help="Required Bp life instead of the benchmark's.")] = None,
    bounds: Annotated[str, typer.Option("--bounds", help="lr or fisher (for the verdict).")] = "lr",
    substitute_part: Annotated[str | None, typer.Option("--substitute-part", help="part_id to take from the substitute file.")] = None,
    benchmark_part: Annotated[str | None, typer.Option("--benchmark-part", help="part_id to take from the benchmark file.")] = None,
    to_unit: ToUnitOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare a substitute with the benchmark: LR tests and the qualification verdict.

    Exit code 1 when the substitute's B10 lower bound does not reach the reference.
    Example: keyparts life compare new_bearing.csv imported_bearing.csv --cl 0.9
    (one file: keyparts life compare tests.csv tests.csv --substitute-part PT-0021 --benchmark-part PT-0551)
    """
    from keyparts.life import from_tests_frame
    from keyparts.life.compare import compare, qualify

    a = from_tests_frame(_read_tests(substitute, substitute_part), to_unit=to_unit)
    b = from_tests_frame(_read_tests(benchmark, benchmark_part), to_unit=a.unit)  # both in one unit
    comp = compare([a, b], dist=dist, cl=cl)
    sub_fit, bench_fit = comp.fits
    verdict = qualify(sub_fit, benchmark=None if required is not None else bench_fit,
                      required=required, p=p, cl=cl, bounds=bounds)
    out = comp.to_dict()
    out["verdict"] = verdict.to_dict()
    if as_json:
        print(json.dumps(out))
    else:
        tb = Table(title=f"{dist}: substitute vs benchmark")
        for c in ("group", "n", "failures", "params", f"B{p:g}"):
            tb.add_column(c)
        for name, f in (("substitute", comp.fits[0]), ("benchmark", comp.fits[1])):
            tb.add_row(name, str(f.n), str(f.failures),
                       ", ".join(f"{k}={v:.4g}" for k, v in f.params.items()), f"{f.b_life(p):.4g}")
        console.print(tb)
        for t in comp.tests:
            console.print(f"LR test, {t.hypothesis}: T = {t.statistic:.4g}, df = {t.df}, "
                          f"chi2({cl:g}) = {t.critical:.4g}, p = {t.p_value:.4g} -> "
                          f"{'reject' if t.reject else 'not rejected'}")
        for line in verdict.reasoning:
            console.print("  " + escape(line))
    if not verdict.passed:
        raise typer.Exit(1)


@life_app.command("alt")
def alt_cmd(
    file: Annotated[Path, typer.Argument(help="CSV with a stress column (K or load).")],
    model: Annotated[str, typer.Option("--model", help="ipl or arrhenius.")] = "ipl",
    use_stress: Annotated[float | None, typer.Option("--use-stress", help="Service stress to extrapolate to.")] = None,
    dist: Annotated[str, typer.Option("--dist", help="weibull2p or lognormal.")] = "weibull2p",
    exponent: Annotated[float | None, typer.Option("--exponent", help="Fix the IPL exponent (3 ball, 3.333 roller bearings).")] = None,
    cl: ClOpt = 0.9,
    to_unit: ToUnitOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fit an accelerated-life model jointly over stress levels; life at the use stress.

    Example: keyparts life alt endurance.csv --model ipl --exponent 3 --use-stress 5.0
    """
    from keyparts.life import from_tests_frame
    from keyparts.life.alt import fit_alt

    data = from_tests_frame(_read_tests(file), to_unit=to_unit)
    unit = data.unit
    res = fit_alt(data, model=model, dist=dist, exponent=exponent, use_stress=use_stress, cl=cl)
    d = res.to_dict()
    if as_json:
        print(json.dumps(d))
        return
    tb = Table(title=f"{model} / {dist}: n={d['n']}, failures={d['failures']}")
    tb.add_column("parameter")
    tb.add_column("estimate", justify="right")
    tb.add_column("se", justify="right")
    for k, v in d["params"].items():
        tb.add_row(k, f"{v:.6g}", _g(d["se"].get(k)))
    console.print(tb)
    if use_stress is not None:
        lo, hi = d["b10_use_bounds"]
        console.print(f"at stress {use_stress:g}: characteristic life {_g(d['life_use'])}, "
                      f"B10 {_g(d['b10_use'])} [{_g(lo)}, {_g(hi)}] ({cl:.0%} two-sided Fisher)"
                      f"{' ' + unit if unit else ''}")


@life_app.command("plan")
def plan_cmd(
    confidence: Annotated[float, typer.Option("--confidence", help="Confidence level (0-1).")],
    beta: Annotated[float | None, typer.Option("--beta", help="Assumed Weibull shape (benchmark shape with --benchmark-eta).")] = None,
    reliability: Annotated[float | None, typer.Option("--reliability", help="Reliability to demonstrate (0.9 = B10).")] = None,
    at: Annotated[float | None, typer.Option("--at", help="Time at which the reliability holds.")] = None,
    units: Annotated[int | None, typer.Option("--units", help="Units on test (-> duration).")] = None,
    duration: Annotated[float | None, typer.Option("--duration", help="Test time per unit (-> units).")] = None,
    failures: Annotated[int, typer.Option("--failures", help="Failures allowed.")] = 0,
    benchmark_eta: Annotated[float | None, typer.Option("--benchmark-eta", help="Substantiation: show the new design matches a benchmark Weibull(beta, eta).")] = None,
    mtbf: Annotated[float | None, typer.Option("--mtbf", help="Exponential chi-square test: total time to show MTBF >= this.")] = None,
    true_eta: Annotated[float | None, typer.Option("--true-eta", help="Also give P(pass) if the true scale is this.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Plan a demonstration test: Weibayes units or duration, substantiation, exponential.

    Example: keyparts life plan --reliability 0.9 --at 1000 --confidence 0.9 --beta 1.5 --duration 1500
    (also: --benchmark-eta 1000 --beta 1.3 --units 3 --confidence 0.95; --mtbf 5000 --failures 2)
    """
    from keyparts.life.planning import exponential_test_time, plan_test, substantiation_plan

    if mtbf is not None:
        total = exponential_test_time(mtbf=mtbf, confidence=confidence, failures=failures)
        d = {"units": None, "duration": total, "failures": failures, "confidence": confidence,
             "mtbf": mtbf, "method": "exponential chi-square (time-terminated)"}
        if as_json:
            print(json.dumps(d))
        else:
            console.print(f"Accumulate {total:.6g} unit-time with at most {failures} failure(s) to "
                          f"demonstrate MTBF >= {mtbf:g} at {confidence:.0%} confidence.")
        return
    if beta is None:
        raise InputError("--beta: the assumed Weibull shape is required")
    if benchmark_eta is not None:
        plan = substantiation_plan(benchmark_beta=beta, benchmark_eta=benchmark_eta,
                                   confidence=confidence, units=units, duration=duration,
                                   failures=failures)
    else:
        if reliability is None or at is None:
            raise InputError("--reliability and --at are required (or --benchmark-eta / --mtbf)")
        plan = plan_test(reliability=reliability, at=at, confidence=confidence, beta=beta,
                         units=units, duration=duration, failures=failures)
    d = plan.to_dict()
    if benchmark_eta is not None:
        d["method"] = "substantiation vs benchmark Weibull"
        d["benchmark_eta"] = benchmark_eta
    if true_eta is not None:
        d["pass_probability"] = plan.pass_probability(true_eta)
    if as_json:
        print(json.dumps(d))
        return
    console.print(f"Run {d['units']} units for {d['duration']:.6g} each with at most {failures} "
                  f"failure(s) to demonstrate R({plan.at:g}) >= {plan.reliability:.4g} at "
                  f"{confidence:.0%} confidence (Weibull beta = {beta:g} assumed).")
    if true_eta is not None:
        console.print(f"Probability of passing if the true eta is {true_eta:g}: {d['pass_probability']:.3f}")


def register(app: typer.Typer) -> None:
    """Add the ``life`` command group to the root app."""
    app.add_typer(life_app, name="life")
