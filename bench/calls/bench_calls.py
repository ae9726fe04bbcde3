#!/usr/bin/env python3
"""Calls through the proxy: Pinhole against Kamailio 5.6, in one run.

The same SIPp call scenario (INVITE/100/180/200/ACK/BYE/200, record-routed, to a fixed next hop:
a SIPp uas) goes through each proxy on loopback ports of its own. Each phase alternates the
proxies (Pinhole's run, Kamailio's run, Pinhole's, ...) so that both meet the same machine: on a
shared VM the speed drifts over minutes. Every run has a fresh proxy and uas.

  memory    the uas answers 180 at once and holds the 200 back, so every INVITE transaction
            stays live (Proceeding). K/2 calls, PSS plateau, K/2 more calls, PSS plateau:
            (PSS2 - PSS1) / (INVITEs the uas got in between) = memory per live transaction. A
            difference of two plateaus leaves out one-time costs (first messages, pools, tables
            sized at start).
  fixed     --passes runs of --rate calls/s for --cpu-duration s, after a warm-up: calls
            completed and failed; CPU seconds (utime+stime of the proxy's process tree from
            /proc/PID/stat, threads included) per 1,000 completed calls, counted from the first
            call until wait_timer after the last; peak PSS (sum of /proc/PID/smaps_rollup over
            the tree, every 200 ms). Medians over the passes.
  search    the highest call rate sustained for --duration s with zero failed calls: doubling
            from 2 x --rate until a step fails, then bisecting; --steps steps per proxy.

Every run also reports the datagrams each party's sockets dropped (/proc/net/udp) and the CPU
that other processes used meanwhile (a busy machine makes every figure wrong).

Then a table: each proxy's figures and the ratios Pinhole/Kamailio.

Scenarios live in SCENARIOS below; a REGISTER scenario (sipp/register.xml, registrar in both
configurations) is one more entry there.

Exit status: 0 done (with --quick: the harness works), 1 a check failed, 77 skipped (sipp or
kamailio not installed; CTest SKIP_RETURN_CODE).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
SKIP = 77
CLK_TCK = os.sysconf("SC_CLK_TCK")
IP = "127.0.0.1"
SIPP_BUFF = "4194304"  # every SIPp socket: 4 MB (../shared/bench/README.md)
WAIT_TIMER_S = 5.0  # both proxies keep a completed transaction this long (tm wait_timer)


def log(msg: str) -> None:
    print(msg, flush=True)


# ------------------------------------------------------------------------------------------------
# /proc: process trees, CPU, PSS


def _stat(pid: int) -> Optional[list[str]]:
    """Fields of /proc/PID/stat from field 3 (state) on; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read().decode("ascii", "replace")
    except OSError:
        return None
    return raw[raw.rfind(")") + 2:].split()


def start_time(pid: int) -> Optional[int]:
    s = _stat(pid)
    return int(s[19]) if s else None  # field 22: starttime


def tree(root: int) -> list[int]:
    """root and all its descendants (Kamailio forks its workers; Pinhole is one process)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        s = _stat(int(entry))
        if s:
            children.setdefault(int(s[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """utime+stime of these processes (each includes all its threads, live and exited)."""
    ticks = 0
    for pid in pids:
        s = _stat(pid)
        if s:
            ticks += int(s[11]) + int(s[12])  # fields 14, 15
    return ticks / CLK_TCK


def pss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def udp_rcvbuf_errors() -> int:
    with open("/proc/net/snmp") as f:
        lines = [l.split() for l in f if l.startswith("Udp:")]
    return int(lines[1][lines[0].index("RcvbufErrors")])


def udp_bound(port: int) -> bool:
    want = f"0100007F:{port:04X}"
    with open("/proc/net/udp") as f:
        return any(line.split()[1] == want for line in list(f)[1:])


def machine_busy_s() -> float:
    """CPU seconds the whole machine spent busy (all CPUs), from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = v
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def _ours_s() -> float:
    """CPU seconds of this script and of every child it has reaped (proxies, SIPp)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    return total


class OtherLoad:
    """CPU used by processes that are not ours (other users of the machine) over a window, in
    CPUs: machine busy time minus this script's and its reaped children's. Read it once every
    child started in the window has been stopped and reaped."""

    def __init__(self):
        self.t0, self.busy0, self.ours0 = time.monotonic(), machine_busy_s(), _ours_s()

    def cpus(self) -> float:
        wall = time.monotonic() - self.t0
        other = (machine_busy_s() - self.busy0) - (_ours_s() - self.ours0)
        return max(0.0, other) / wall if wall > 0 else 0.0


def wait_quiet(max_wait: float, threshold: float = 0.15) -> tuple[float, float]:
    """Waits (at most max_wait s) until other processes use less than `threshold` CPUs over 2 s.
    Returns (seconds waited, the last 2 s window's other load)."""
    t0 = time.monotonic()
    while True:
        w = OtherLoad()
        time.sleep(2)
        load = w.cpus()
        if load < threshold or time.monotonic() - t0 >= max_wait:
            return time.monotonic() - t0, load


class DropSampler(threading.Thread):
    """Datagrams each UDP socket dropped (the `drops` column of /proc/net/udp: receive buffer
    full), sampled every 250 ms so that sockets closed before the end still count. by_port()
    sums the sockets of a port (Pinhole has one per worker, SO_REUSEPORT)."""

    def __init__(self, period: float = 0.25):
        super().__init__(daemon=True)
        self.period = period
        self._max: dict[str, tuple[int, int]] = {}  # inode -> (port, drops)
        self._base: dict[str, int] = {}  # inode -> drops at start
        self._stop_event = threading.Event()
        self._snap(self._base)

    @staticmethod
    def _read() -> list[tuple[str, int, int]]:
        out = []
        try:
            with open("/proc/net/udp") as f:
                for line in list(f)[1:]:
                    c = line.split()
                    out.append((c[9], int(c[1].split(":")[1], 16), int(c[-1])))
        except OSError:
            pass
        return out

    def _snap(self, base: Optional[dict] = None) -> None:
        for inode, port, drops in self._read():
            if base is not None:
                base[inode] = drops
            elif drops >= self._max.get(inode, (0, -1))[1]:
                self._max[inode] = (port, drops)

    def run(self) -> None:
        while not self._stop_event.is_set():
            self._snap()
            self._stop_event.wait(self.period)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self._snap()

    def by_port(self, port: int) -> int:
        return sum(d - self._base.get(i, 0) for i, (p, d) in self._max.items() if p == port)


class PssSampler(threading.Thread):
    """PSS of a process tree every `period` s; the tree is re-read each time (cheap)."""

    def __init__(self, root: int, period: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.period = root, period
        self.samples: list[tuple[float, int]] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append((time.monotonic(), pss_kib(tree(self.root))))
            self._stop_event.wait(self.period)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def peak(self) -> int:
        return max((kib for _, kib in self.samples), default=0)

    def between(self, t0: float, t1: float) -> list[int]:
        return [kib for t, kib in self.samples if t0 <= t <= t1]


# ------------------------------------------------------------------------------------------------
# Processes: started here, stopped here, by PID only.

_live: list["Proc"] = []


class Proc:
    def __init__(self, argv: list[str], logfile: Path, cwd: Optional[Path] = None):
        self.argv, self.logfile = argv, logfile
        self._log = open(logfile, "wb")
        self.p = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, cwd=cwd)
        self.pid = self.p.pid
        self.started = start_time(self.pid)
        _live.append(self)

    def alive(self) -> bool:
        return self.p.poll() is None

    def wait(self, timeout: float) -> Optional[int]:
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM to the process, SIGKILL after `grace`; then SIGKILL to any descendant that
        is still there (checked by PID and start time, so a reused PID is never hit)."""
        if self in _live:
            _live.remove(self)
        kids = [(pid, start_time(pid)) for pid in tree(self.pid)[1:]] if self.alive() else []
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            if self.wait(grace) is None:
                self.p.kill()
                self.p.wait()
        for pid, st in kids:
            if st is not None and start_time(pid) == st:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._log.close()

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.logfile.read_bytes().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _stop_all() -> None:
    for p in list(reversed(_live)):
        p.stop(grace=2.0)


atexit.register(_stop_all)


def _on_signal(signum, _frame) -> None:
    _stop_all()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((IP, 0))
        return s.getsockname()[1]


class HarnessError(Exception):
    pass


# ------------------------------------------------------------------------------------------------
# SIPp


def read_stf(path: Path) -> dict[str, str]:
    """Last line of a SIPp -trace_stat file as {column: value}."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return {}
    if len(lines) < 2:
        return {}
    names = lines[0].split(";")
    return dict(zip(names, lines[-1].split(";")))


def stf_rows(path: Path) -> list[dict[str, str]]:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    if not lines:
        return []
    names = lines[0].split(";")
    return [dict(zip(names, l.split(";"))) for l in lines[1:]]


def hms(text: str) -> float:
    h, m, s = text.split(":")[:3]
    return int(h) * 3600 + int(m) * 60 + float(s)


@dataclass
class UacResult:
    calls: int  # asked for (-m)
    rate: float
    successful: int = 0
    failed: int = 0
    retransmissions: int = 0
    created: int = 0
    exit_code: Optional[int] = None
    wall: float = 0.0
    created_by: Optional[float] = None  # s from start until the last call was created
    log: str = ""
    port: int = 0

    @property
    def unfinished(self) -> int:
        return self.calls - self.successful - self.failed


class Sipp:
    def __init__(self, binary: str, scenarios: Path, workdir: Path):
        self.binary, self.scenarios, self.workdir = binary, scenarios, workdir
        self._n = 0

    def _name(self, tag: str) -> Path:
        self._n += 1
        return self.workdir / f"{self._n:02d}-{tag}"

    def uas(self, xml: str, port: int, tag: str, timeout_s: float,
            extra: Optional[list[str]] = None) -> tuple[Proc, Path]:
        base = self._name(tag)
        stf = base.with_suffix(".stat.csv")
        argv = [self.binary, "-sf", str(self.scenarios / xml), "-i", IP, "-p", str(port),
                "-buff_size", SIPP_BUFF, "-nostdin", "-timeout", f"{int(timeout_s)}s",
                "-trace_stat", "-stf", str(stf), "-fd", "1",
                "-trace_err", "-error_file", str(base.with_suffix(".errors.log"))] + (extra or [])
        proc = Proc(argv, base.with_suffix(".log"))
        deadline = time.monotonic() + 5
        while not udp_bound(port):
            if not proc.alive() or time.monotonic() > deadline:
                raise HarnessError(f"SIPp uas did not start:\n{proc.tail()}")
            time.sleep(0.02)
        return proc, stf

    def uac_start(self, xml: str, target_port: int, rate: float, calls: int, tag: str,
                  extra: Optional[list[str]] = None, limit: Optional[int] = None,
                  recv_timeout_ms: int = 10000) -> tuple[Proc, Path, float]:
        base = self._name(tag)
        stf = base.with_suffix(".stat.csv")
        duration = calls / rate
        # SIPp warns above ~20,000 (open files); the limit only matters once calls pile up
        limit = limit or min(15000, max(1000, int(rate * 3)))
        port = free_udp_port()
        argv = [self.binary, "-sf", str(self.scenarios / xml), f"{IP}:{target_port}",
                "-i", IP, "-p", str(port), "-t", "u1",
                "-r", f"{rate:g}", "-rp", "1000", "-m", str(calls), "-l", str(limit),
                "-buff_size", SIPP_BUFF, "-nostdin", "-recv_timeout", str(recv_timeout_ms),
                "-timeout", f"{int(duration + 60)}s", "-timeout_error",
                "-trace_stat", "-stf", str(stf), "-fd", "1",
                "-trace_err", "-error_file", str(base.with_suffix(".errors.log"))] + (extra or [])
        proc = Proc(argv, base.with_suffix(".log"))
        proc.port = port
        return proc, stf, time.monotonic()

    def uac_finish(self, proc: Proc, stf: Path, t0: float, rate: float, calls: int
                   ) -> UacResult:
        code = proc.wait(calls / rate + 75)
        wall = time.monotonic() - t0
        proc.stop()
        r = UacResult(calls=calls, rate=rate, exit_code=code, wall=wall, log=proc.tail(),
                      port=proc.port)
        last = read_stf(stf)
        if last:
            r.successful = int(last.get("SuccessfulCall(C)", 0))
            r.failed = int(last.get("FailedCall(C)", 0))
            r.retransmissions = int(last.get("Retransmissions(C)", 0))
            r.created = int(last.get("TotalCallCreated", 0))
        for row in stf_rows(stf):
            if int(row.get("TotalCallCreated", 0) or 0) >= calls:
                r.created_by = hms(row["ElapsedTime(C)"])
                break
        return r

    def uac(self, xml: str, target_port: int, rate: float, calls: int, tag: str,
            extra: Optional[list[str]] = None) -> UacResult:
        proc, stf, t0 = self.uac_start(xml, target_port, rate, calls, tag, extra)
        return self.uac_finish(proc, stf, t0, rate, calls)


# ------------------------------------------------------------------------------------------------
# Scenarios: what the uac sends, who answers at the next hop. A REGISTER scenario (registrar in
# both configurations, no uas, sipp/register.xml with -inf users.csv) is one more entry.


@dataclass
class Scenario:
    name: str
    unit: str  # what one SIPp "call" is
    uac_xml: str
    uac_args: list[str]
    uas_xml: Optional[str]  # the next hop; None when the proxy answers itself (REGISTER)
    hold_uas_xml: Optional[str]  # uas that keeps transactions live (memory phase), if any
    # Called once with the work directory before the first run; returns more uac arguments
    # (e.g. writes users.csv and returns ["-inf", path]).
    prepare: Optional[Callable[[Path], list[str]]] = None


SCENARIOS = {
    "calls": Scenario(
        name="calls", unit="call",
        uac_xml="uac_rr.xml", uac_args=["-s", "service"],
        uas_xml="uas.xml", hold_uas_xml="uas_hold.xml"),
}


# ------------------------------------------------------------------------------------------------
# Proxies


class Proxy:
    name = ""

    def command(self, port: int, nexthop_port: int, workdir: Path) -> list[str]:
        raise NotImplementedError

    def start(self, port: int, nexthop_port: int, workdir: Path, tag: str) -> Proc:
        proc = Proc(self.command(port, nexthop_port, workdir), workdir / f"{tag}.log")
        deadline = time.monotonic() + 15
        while not udp_bound(port):
            if not proc.alive() or time.monotonic() > deadline:
                proc.stop()
                raise HarnessError(f"{self.name} did not start:\n{proc.tail()}")
            time.sleep(0.05)
        time.sleep(0.3)  # let the workers reach their receive loops
        return proc

    def describe(self) -> str:
        return ""


class Kamailio(Proxy):
    name = "kamailio"

    def __init__(self, binary: str, cfg: Path, children: int, stateless: bool,
                 maxbuffer: Optional[int] = None):
        self.binary, self.cfg, self.children, self.stateless = binary, cfg, children, stateless
        self.maxbuffer = maxbuffer

    def command(self, port: int, nexthop_port: int, workdir: Path) -> list[str]:
        argv = [self.binary, "-f", str(self.cfg), "-DD", "-E", "-m", "4096", "-M", "16",
                "-x", "tlsf", "-X", "tlsf", "-Y", str(workdir),
                "-A", f"LISTEN=udp:{IP}:{port}", "-A", f"CHILDREN={self.children}",
                "-A", f'STATIC_NEXTHOP="sip:{IP}:{nexthop_port}"']
        if self.stateless:
            argv += ["-A", "STATELESS"]
        if self.maxbuffer:
            argv += ["-A", f"MAXBUFFER={self.maxbuffer}"]
        return argv

    def describe(self) -> str:
        out = subprocess.run([self.binary, "-v"], capture_output=True, text=True).stdout
        version = out.splitlines()[0].replace("version: ", "").strip() if out else "?"
        return version + (f", maxbuffer={self.maxbuffer}" if self.maxbuffer else "")


class Pinhole(Proxy):
    name = "pinhole"

    def __init__(self, binary: str, modules: str, cfg_template: Path, workers: int):
        self.binary, self.modules, self.template, self.workers = (binary, modules, cfg_template,
                                                                  workers)

    def command(self, port: int, nexthop_port: int, workdir: Path) -> list[str]:
        cfg = workdir / f"pinhole-{nexthop_port}.toml"
        cfg.write_text(self.template.read_text().replace("@NEXTHOP@",
                                                         f"sip:{IP}:{nexthop_port}"))
        return [self.binary, "-c", str(cfg), "-L", self.modules, "-l", f"udp:{IP}:{port}",
                "-w", str(self.workers)]

    def describe(self) -> str:
        out = subprocess.run([self.binary, "--version"], capture_output=True, text=True).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"


# ------------------------------------------------------------------------------------------------
# Phases



@dataclass
class RateRun:
    rate: float
    duration: float
    calls: int
    successful: int
    failed: int  # uac failed + uac unfinished + uas failed
    retransmissions: int
    rcvbuf_errors: int  # whole machine (/proc/net/snmp)
    created_by: Optional[float]
    wall: float
    cpu_s: float = 0.0
    cpu_tail: bool = False  # CPU counted until wait_timer after the last call
    peak_pss_kib: int = 0
    uac_exit: Optional[int] = None
    other_cpus: float = 0.0  # CPU used by other processes meanwhile (OtherLoad)
    drops_proxy: int = 0  # datagrams dropped by each party's sockets (receive buffer full)
    drops_uac: int = 0
    drops_uas: int = 0

    @property
    def sustained(self) -> bool:
        """Zero failed calls, all calls done, and the rate was offered for real (SIPp created the
        last call on time: at most 5% + 1 s late)."""
        on_time = (self.created_by is not None
                   and self.created_by <= self.calls / self.rate * 1.05 + 1)
        return self.failed == 0 and self.successful == self.calls and on_time

    @property
    def cpu_per_1000(self) -> Optional[float]:
        return 1000 * self.cpu_s / self.successful if self.successful else None

    def summary(self) -> str:
        cpu = self.cpu_per_1000
        return (f"{self.rate:g} calls/s x {self.duration:g} s: {self.successful}/{self.calls} "
                f"completed, {self.failed} failed, {self.retransmissions} retransmissions; "
                f"CPU {'n/a' if cpu is None else format(cpu, '.4f')} s per 1,000 calls"
                f"{'' if self.cpu_tail else ' (no wait_timer tail)'}; datagrams dropped by "
                f"proxy {self.drops_proxy}, uac {self.drops_uac}, uas {self.drops_uas}; "
                f"other processes {self.other_cpus:.2f} CPUs")


@dataclass
class ProxyResult:
    name: str
    version: str = ""
    fixed: list[RateRun] = field(default_factory=list)
    steps: list[RateRun] = field(default_factory=list)
    mem_live_txns: int = 0
    mem_pss1_kib: int = 0
    mem_pss2_kib: int = 0
    mem_idle_kib: int = 0
    mem_per_txn_bytes: Optional[float] = None
    mem_peak_kib: int = 0
    mem_ok: bool = False
    mem_other_cpus: float = 0.0
    broken: bool = False  # a harness error: no further phases for this proxy
    errors: list[str] = field(default_factory=list)

    def best_rate(self) -> tuple[Optional[float], Optional[float]]:
        """(highest sustained rate, lowest failed rate above it) over the search steps."""
        good = [r.rate for r in self.steps if r.sustained]
        lo = max(good) if good else None
        bad = [r.rate for r in self.steps if not r.sustained and (lo is None or r.rate > lo)]
        return lo, (min(bad) if bad else None)

    def cpu_median(self) -> Optional[float]:
        v = [r.cpu_per_1000 for r in self.fixed if r.cpu_per_1000 is not None]
        return statistics.median(v) if v else None

    def pss_median_mib(self) -> Optional[float]:
        v = [r.peak_pss_kib / 1024 for r in self.fixed if r.peak_pss_kib]
        return statistics.median(v) if v else None


class Bench:
    def __init__(self, args, scenario: Scenario, workdir: Path, sipp: Sipp):
        self.a, self.sc, self.workdir, self.sipp = args, scenario, workdir, sipp
        self.uac_args = scenario.uac_args + (scenario.prepare(workdir) if scenario.prepare else [])

    # One proxy + uas, a warm-up, then fn(proxy_proc, proxy_port, uas_stf, uas_port);
    # everything stopped after.
    def _with_proxy(self, proxy: Proxy, uas_xml: Optional[str], tag: str,
                    fn: Callable[[Proc, int, Path, int], object],
                    uas_extra: Optional[list[str]] = None, warmup: bool = True,
                    uas_timeout: float = 600) -> tuple[object, float]:
        """Returns fn's result and the other processes' load (CPUs) meanwhile."""
        if self.a.wait_quiet > 0:
            waited, load = wait_quiet(self.a.wait_quiet)
            if waited > 2.5:
                log(f"  (waited {waited:.0f} s for other processes to calm down: "
                    f"{load:.2f} CPUs busy now)")
        other = OtherLoad()
        uas_port, proxy_port = free_udp_port(), free_udp_port()
        while proxy_port == uas_port:
            proxy_port = free_udp_port()
        uas, uas_stf = None, self.workdir / "no-uas.csv"
        if uas_xml:
            uas, uas_stf = self.sipp.uas(uas_xml, uas_port, f"{proxy.name}-{tag}-uas",
                                         uas_timeout, uas_extra)
        px = None
        try:
            px = proxy.start(proxy_port, uas_port, self.workdir, f"{proxy.name}-{tag}")
            if warmup:
                w = self.sipp.uac(self.sc.uac_xml, proxy_port, 200, self.a.warmup,
                                  f"{proxy.name}-{tag}-warmup", self.uac_args)
                if w.successful != w.calls:
                    raise HarnessError(
                        f"{proxy.name}: warm-up: {w.successful}/{w.calls} calls completed, "
                        f"{w.failed} failed, sipp exit {w.exit_code}\n--- uac:\n{w.log}\n"
                        f"--- {proxy.name}:\n{px.tail()}\n--- uas:\n{uas.tail() if uas else ''}")
            result = fn(px, proxy_port, uas_stf, uas_port)
        finally:
            if px:
                px.stop()
            if uas:
                uas.stop()
        return result, other.cpus()

    def rate_run(self, proxy: Proxy, rate: float, duration: float, tag: str,
                 measure: bool) -> RateRun:
        """measure: sample PSS, and count CPU until wait_timer after the last call."""
        calls = int(round(rate * duration))

        def run(px: Proc, port: int, uas_stf: Path, uas_port: int) -> RateRun:
            pids = tree(px.pid)
            sampler = PssSampler(px.pid) if measure else None
            if sampler:
                sampler.start()
            drops = DropSampler()
            drops.start()
            rcv0, cpu0 = udp_rcvbuf_errors(), cpu_seconds(pids)
            u = self.sipp.uac(self.sc.uac_xml, port, rate, calls, f"{proxy.name}-{tag}-uac",
                              self.uac_args)
            rcv1 = udp_rcvbuf_errors()
            time.sleep(1.2)  # the uas writes its counters every second
            drops.stop()
            uas = read_stf(uas_stf)
            uas_failed = int(uas.get("FailedCall(C)", 0) or 0)
            tail = measure and not self.a.quick
            if measure:
                # the proxy's work for these calls ends when wait_timer frees their transactions
                # (quick mode: not waited for); search steps count CPU without that tail
                time.sleep(WAIT_TIMER_S + 0.5 - 1.2 if tail else 0)
                sampler.stop()
            cpu = cpu_seconds(pids) - cpu0
            r = RateRun(rate=rate, duration=duration, calls=calls, successful=u.successful,
                        failed=u.failed + u.unfinished + uas_failed,
                        retransmissions=u.retransmissions, rcvbuf_errors=rcv1 - rcv0,
                        created_by=u.created_by, wall=u.wall, cpu_s=cpu, cpu_tail=tail,
                        peak_pss_kib=sampler.peak() if sampler else 0, uac_exit=u.exit_code,
                        drops_proxy=drops.by_port(port), drops_uac=drops.by_port(u.port),
                        drops_uas=drops.by_port(uas_port))
            if u.failed or u.unfinished or uas_failed:
                (self.workdir / f"{proxy.name}-{tag}-failures.txt").write_text(
                    f"uac exit {u.exit_code}, uas failed {uas_failed}\n{u.log}\n--- proxy:\n"
                    f"{px.tail(40)}\n")
            return r

        r, other = self._with_proxy(proxy, self.sc.uas_xml, tag, run)
        r.other_cpus = other
        return r

    def _noisy(self, cpus: float) -> None:
        log(f"  (other processes used {cpus:.2f} CPUs during that run: repeating it)")

    def _phase(self, res: ProxyResult, fn: Callable[[], None]) -> None:
        if res.broken:
            return
        try:
            fn()
        except HarnessError as e:
            res.errors.append(str(e))
            res.broken = True
            log(f"  {res.name}: ERROR: {e}")

    # --- memory per live transaction --------------------------------------------------------

    def memory(self, proxy: Proxy, res: ProxyResult) -> None:
        def once() -> None:
            self._memory_once(proxy, res)

        def all_tries() -> None:
            n_errors = len(res.errors)
            once()
            for _ in range(self.a.noisy_retries):
                if res.mem_other_cpus <= self.a.noisy_threshold:
                    break
                self._noisy(res.mem_other_cpus)
                del res.errors[n_errors:]
                res.mem_ok, res.mem_per_txn_bytes = False, None
                once()
            if res.mem_ok:
                log(f"  {proxy.name}: memory: {res.mem_live_txns} live transactions "
                    f"-> {res.mem_per_txn_bytes / 1024:.2f} KiB each "
                    f"(PSS idle {res.mem_idle_kib} KiB, plateaus {res.mem_pss1_kib} -> "
                    f"{res.mem_pss2_kib} KiB; other processes {res.mem_other_cpus:.2f} CPUs)")
            else:
                log(f"  {proxy.name}: memory: FAILED: {res.errors[-1] if res.errors else '?'}")

        self._phase(res, all_tries)

    def _memory_once(self, proxy: Proxy, res: ProxyResult) -> None:
        """Two plateaus of live INVITE transactions; see the module docstring."""
        half, rate = self.a.mem_txns // 2, float(self.a.mem_rate)
        send_s = half / rate
        settle = 1.0 if self.a.quick else 1.5  # after a half's last INVITE: 100/180 through
        sample = 0.6 if self.a.quick else 1.0
        hold_ms = int((2 * (send_s + settle + sample + 1.05) + 2) * 1000)

        def run(px: Proc, port: int, uas_stf: Path, _uas_port: int) -> None:
            sampler = PssSampler(px.pid)
            sampler.start()
            time.sleep(0.6)
            res.mem_idle_kib = int(statistics.median(kib for _, kib in sampler.samples))
            plateaus, counts, uacs = [], [], []
            for i in (1, 2):
                proc, stf, t0 = self.sipp.uac_start(self.sc.uac_xml, port, rate, half,
                                                    f"{proxy.name}-mem-uac{i}", self.uac_args,
                                                    limit=half + 100,
                                                    recv_timeout_ms=hold_ms + 10000)
                uacs.append((proc, stf, t0))
                time.sleep(send_s + settle)
                t_a = time.monotonic()
                time.sleep(sample)
                plateaus.append(int(statistics.median(sampler.between(t_a, time.monotonic()))))
                time.sleep(1.05)  # the uas's next counters line
                counts.append(int(read_stf(uas_stf).get("TotalCallCreated", 0) or 0))
            if time.monotonic() - uacs[0][2] > hold_ms / 1000 - 0.5:
                res.errors.append("memory: plateaus measured too late (machine too slow?)")
            results = [self.sipp.uac_finish(p, s, t0, rate, half) for p, s, t0 in uacs]
            sampler.stop()
            res.mem_pss1_kib, res.mem_pss2_kib = plateaus
            res.mem_live_txns = counts[1] - counts[0]
            res.mem_peak_kib = sampler.peak()
            bad = [r for r in results if r.successful != half]
            if bad:
                res.errors.append(f"memory: calls failed ({bad[0].failed} failed, "
                                  f"{bad[0].successful}/{half} completed)\n{bad[0].log}")
            elif counts != [half, 2 * half]:
                res.errors.append(f"memory: uas saw {counts} INVITEs, expected {half}, {2*half}")
            else:
                res.mem_ok = True
                res.mem_per_txn_bytes = (plateaus[1] - plateaus[0]) * 1024 / res.mem_live_txns

        _, res.mem_other_cpus = self._with_proxy(proxy, self.sc.hold_uas_xml, "mem", run,
                                                 uas_extra=["-d", str(hold_ms)], warmup=False)

    # --- CPU and peak PSS at a fixed rate ---------------------------------------------------

    def fixed(self, proxy: Proxy, res: ProxyResult, n: int) -> None:
        def run() -> None:
            tag = f"fixed{n}"
            r = self.rate_run(proxy, self.a.rate, self.a.cpu_duration, tag, measure=True)
            for _ in range(self.a.noisy_retries):
                if r.other_cpus <= self.a.noisy_threshold:
                    break
                self._noisy(r.other_cpus)
                r = self.rate_run(proxy, self.a.rate, self.a.cpu_duration, tag, measure=True)
            res.fixed.append(r)
            log(f"  {proxy.name}: fixed {n}: {r.summary()}; peak PSS "
                f"{r.peak_pss_kib / 1024:.1f} MiB")

        self._phase(res, run)

    # --- highest sustained rate -------------------------------------------------------------

    def next_rate(self, res: ProxyResult) -> Optional[float]:
        """Doubling from 2 x --rate until a step fails, then bisection; None when the bracket
        is within 4% (or 100 calls/s)."""
        lo, hi = res.best_rate()
        if not res.steps:
            rate = 2 * self.a.rate
        elif lo is None:
            rate = hi / 2
        elif hi is None:
            rate = lo * 2
        else:
            if hi - lo <= max(100, lo * 0.04):
                return None
            rate = (lo + hi) / 2
        return max(100, round(rate / 100) * 100)

    def search_step(self, proxy: Proxy, res: ProxyResult, n: int) -> None:
        def run() -> None:
            rate = self.next_rate(res)
            if rate is None:
                return
            tag = f"step{n}"
            r = self.rate_run(proxy, rate, self.a.duration, tag, measure=False)
            for _ in range(self.a.noisy_retries):  # only a failure while others used the CPU
                if r.sustained or r.other_cpus <= self.a.noisy_threshold:
                    break
                self._noisy(r.other_cpus)
                r = self.rate_run(proxy, rate, self.a.duration, tag, measure=False)
            res.steps.append(r)
            log(f"  {proxy.name}: step {n}: {r.summary()}; last call created at "
                f"{r.created_by} s -> {'sustained' if r.sustained else 'NOT sustained'}")

        self._phase(res, run)


# ------------------------------------------------------------------------------------------------
# Report


def machine() -> dict:
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(),
            "loadavg": open("/proc/loadavg").read().split()[:3]}


def ratio(a: Optional[float], b: Optional[float]) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}"


def report(results: list[ProxyResult], args) -> tuple[str, dict]:
    data = {}
    for r in results:
        lo, hi = r.best_rate()
        data[r.name] = {
            "version": r.version,
            "calls_completed": sum(f.successful for f in r.fixed) if r.fixed else None,
            "calls_failed": sum(f.failed for f in r.fixed) if r.fixed else None,
            "cpu_s_per_1000_calls": r.cpu_median(),
            "cpu_s_per_1000_calls_passes": [f.cpu_per_1000 for f in r.fixed],
            "peak_pss_mib": r.pss_median_mib(),
            "mem_per_live_txn_bytes": r.mem_per_txn_bytes,
            "mem_live_txns": r.mem_live_txns,
            "mem_pss_kib": [r.mem_idle_kib, r.mem_pss1_kib, r.mem_pss2_kib],
            "sustained_rate": lo, "first_failed_rate": hi,
            "max_other_cpus": max([r.mem_other_cpus] + [x.other_cpus for x in r.fixed + r.steps]),
            "fixed": [vars(f) for f in r.fixed],
            "steps": [vars(s) for s in r.steps],
            "errors": r.errors,
        }
    names = [r.name for r in results]
    d = [data[n] for n in names]

    def fmt(v, spec):
        return "n/a" if v is None else format(v, spec)

    def rate_text(x):
        if x["sustained_rate"] is None:
            return "none" if x["first_failed_rate"] else "n/a"
        up = (f" (fails at {x['first_failed_rate']:g})" if x["first_failed_rate"]
              else " (no failure seen)")
        return f"{x['sustained_rate']:g}{up}"

    passes = max((len(r.fixed) for r in results), default=0)
    med = f", median of {passes}" if passes > 1 else ""
    table = [
        (f"calls completed ({passes} x {args.rate:g}/s x {args.cpu_duration:g} s)",
         [fmt(x["calls_completed"], "d") for x in d], "calls_completed"),
        ("calls failed", [fmt(x["calls_failed"], "d") for x in d], None),
        (f"proxy CPU s per 1,000 calls{med}", [fmt(x["cpu_s_per_1000_calls"], ".4f") for x in d],
         "cpu_s_per_1000_calls"),
        (f"peak PSS, MiB{med}", [fmt(x["peak_pss_mib"], ".1f") for x in d], "peak_pss_mib"),
        ("memory per live transaction, KiB",
         [fmt(None if x["mem_per_live_txn_bytes"] is None else x["mem_per_live_txn_bytes"] / 1024,
              ".2f") for x in d], "mem_per_live_txn_bytes"),
        (f"highest rate sustained {args.duration:g} s, 0 failed", [rate_text(x) for x in d],
         "sustained_rate"),
        ("other processes' load, worst run, CPUs", [fmt(x["max_other_cpus"], ".2f") for x in d],
         None),
    ]
    both = set(names) == {"pinhole", "kamailio"}
    head = ["", *names] + (["pinhole/kamailio"] if both else [])
    widths = [max(len(head[0]), *(len(t[0]) for t in table))] + [
        max(len(head[i + 1]), *(len(t[1][i]) for t in table)) for i in range(len(names))]
    if both:
        widths.append(len(head[-1]))
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for label, vals, key in table:
        cells = [label, *vals]
        if both:
            cells.append(ratio(data["pinhole"][key], data["kamailio"][key]) if key else "")
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |")
    return "\n".join(lines), data


# ------------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="a few seconds per proxy: checks the harness works (CI)")
    ap.add_argument("--build", default=str(SOURCE / "build/release"),
                    help="build tree with bin/pinhole and modules/ (default: build/release)")
    ap.add_argument("--pinhole", help="pinhole binary (default: BUILD/bin/pinhole)")
    ap.add_argument("--modules", help="module directory (default: BUILD/modules)")
    ap.add_argument("--kamailio", default=shutil.which("kamailio") or "/usr/sbin/kamailio")
    ap.add_argument("--sipp", default=shutil.which("sipp") or "sipp")
    ap.add_argument("--mode", choices=["stateful", "stateless"], default="stateful",
                    help="stateful: tm on both (the comparison); stateless: forward() on both")
    ap.add_argument("--scenario", choices=sorted(SCENARIOS), default="calls")
    ap.add_argument("--proxies", default="pinhole,kamailio",
                    help="comma-separated; each phase runs them in this order, alternating")
    ap.add_argument("--workers", type=int, default=2,
                    help="Pinhole worker threads = Kamailio UDP children (default 2)")
    ap.add_argument("--rate", type=float, default=2000, help="fixed runs: calls/s (2000)")
    ap.add_argument("--cpu-duration", type=float, default=10, help="each fixed run, s (10)")
    ap.add_argument("--passes", type=int, default=3,
                    help="fixed runs per proxy, alternating proxies; medians reported (3)")
    ap.add_argument("--duration", type=float, default=20, help="each search step, s (20)")
    ap.add_argument("--steps", type=int, default=5, help="rate-search steps per proxy (5)")
    ap.add_argument("--mem-txns", type=int, default=10000,
                    help="memory phase: live INVITE transactions at the top (10000)")
    ap.add_argument("--mem-rate", type=float, default=2000, help="memory phase: calls/s (2000)")
    ap.add_argument("--warmup", type=int, default=100, help="warm-up calls per proxy start")
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="S",
                    help="before each run wait up to S s until other processes use < 0.15 "
                         "CPUs (a shared machine); every run reports the other load anyway")
    ap.add_argument("--noisy-retries", type=int, default=0, metavar="N",
                    help="repeat a run (up to N times) when other processes used more than "
                         "--noisy-threshold CPUs during it (search steps: only failed ones)")
    ap.add_argument("--noisy-threshold", type=float, default=0.2, metavar="CPUS")
    ap.add_argument("--kamailio-maxbuffer", type=int, metavar="BYTES",
                    help="Kamailio's maxbuffer (UDP receive-buffer cap; its default 262144, "
                         "Pinhole's udp_rcvbuf 4194304): -A MAXBUFFER=BYTES")
    ap.add_argument("--workdir", help="logs and SIPp statistics (default: a new temp dir)")
    ap.add_argument("--json", help="write the results as JSON to this file")
    args = ap.parse_args()

    if args.quick:
        args.rate, args.cpu_duration, args.passes, args.steps = 100, 3, 1, 0
        args.mem_txns, args.mem_rate, args.warmup = 400, 400, 20

    missing = []
    if not shutil.which(args.sipp):
        missing.append("sipp (apt package sip-tester)")
    if "kamailio" in args.proxies and not shutil.which(args.kamailio):
        missing.append("kamailio (apt package kamailio)")
    if missing:
        print("SKIP: not installed: " + ", ".join(missing) + " (bash scripts/deps.sh installs them)")
        return SKIP

    build = Path(args.build)
    pinhole_bin = args.pinhole or str(build / "bin/pinhole")
    modules = args.modules or str(build / "modules")
    if "pinhole" in args.proxies and not os.access(pinhole_bin, os.X_OK):
        print(f"error: no pinhole binary at {pinhole_bin} (build it: cmake --preset release && "
              f"cmake --build --preset release, or give --build/--pinhole)")
        return 1
    stateful = args.mode == "stateful"
    if "pinhole" in args.proxies and stateful and not Path(modules, "libtm.so").exists():
        print(f"error: {modules}/libtm.so not found: the stateful comparison needs the tm module")
        return 1

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-calls-"))
    if args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    sc = SCENARIOS[args.scenario]
    sipp = Sipp(args.sipp, HERE / "sipp", workdir)
    bench = Bench(args, sc, workdir, sipp)

    proxies: dict[str, Proxy] = {
        "pinhole": Pinhole(pinhole_bin, modules,
                           HERE / ("pinhole.toml" if stateful else "pinhole-stateless.toml"),
                           args.workers),
        "kamailio": Kamailio(args.kamailio, HERE / "kamailio.cfg", args.workers, not stateful,
                             args.kamailio_maxbuffer),
    }
    order = [p.strip() for p in args.proxies.split(",") if p.strip()]
    for p in order:
        if p not in proxies:
            print(f"error: unknown proxy {p!r}")
            return 1

    m = machine()
    t_start = time.monotonic()
    log(f"bench_calls: scenario {sc.name}, {args.mode}, {args.workers} workers each, "
        f"{'quick' if args.quick else 'full'} mode; memory {args.mem_txns} transactions; "
        f"{args.passes} x {args.rate:g} calls/s x {args.cpu_duration:g} s; "
        f"{args.steps} search steps of {args.duration:g} s")
    log(f"machine: {m['nproc']} CPUs, {m['cpu']}, kernel {m['kernel']}, load {' '.join(m['loadavg'])}")
    log(f"workdir: {workdir}")
    results = {p: ProxyResult(name=p, version=proxies[p].describe()) for p in order}
    for p in order:
        log(f"{p}: {results[p].version}")

    # Each phase alternates the proxies, so that both see the same machine (a shared VM's speed
    # drifts over minutes).
    if sc.hold_uas_xml and args.mem_txns > 0:
        log("== memory per live transaction")
        for p in order:
            bench.memory(proxies[p], results[p])
    log(f"== CPU and peak PSS at {args.rate:g} calls/s")
    for n in range(1, args.passes + 1):
        for p in order:
            bench.fixed(proxies[p], results[p], n)
    if args.steps > 0:
        log(f"== highest rate sustained {args.duration:g} s with 0 failed calls")
        for n in range(1, args.steps + 1):
            for p in order:
                bench.search_step(proxies[p], results[p], n)

    res_list = [results[p] for p in order]
    elapsed = time.monotonic() - t_start
    m_end = machine()
    table, data = report(res_list, args)
    log("")
    log(table)
    log("")
    log(f"run time {elapsed:.0f} s; load average at start {' '.join(m['loadavg'])}, "
        f"at end {' '.join(m_end['loadavg'])}")

    out = {"machine": m, "loadavg_end": m_end["loadavg"], "args": vars(args),
           "elapsed_s": elapsed, "results": data, "table": table}
    (workdir / "results.json").write_text(json.dumps(out, indent=2, default=str))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, default=str))

    ok = True
    for r in res_list:
        for e in r.errors:
            log(f"{r.name}: error: {e.splitlines()[0]}")
            ok = False
        if args.quick:
            f = r.fixed[0] if r.fixed else None
            checks = {
                "fixed run: every call completed": f and f.successful == f.calls and f.failed == 0,
                "fixed run: CPU counted": f and f.cpu_s > 0,
                "fixed run: PSS sampled": f and f.peak_pss_kib > 0,
                "memory: measured": r.mem_ok and r.mem_per_txn_bytes is not None,
            }
            for what, good in checks.items():
                if not good:
                    log(f"{r.name}: check failed: {what}")
                    ok = False
    if args.quick:
        log("quick check: " + ("harness works" if ok else "FAILED") + f" (logs: {workdir})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
