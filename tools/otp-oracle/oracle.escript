#!/usr/bin/env escript
%% -*- erlang -*-
%%
%% OTP supervisor oracle for kpool.
%%
%% Runs REAL OTP supervisors (stdlib `supervisor`, started with
%% supervisor:start_link/2 and this module as callback) over real gen_server
%% children, applies timed exit events to the children and records what the
%% supervisor actually did. Nothing here re-implements supervision rules:
%% every column is observed.
%%
%%   escript tools/otp-oracle/oracle.escript > modules/core/src/test/resources/otp-oracle.csv
%%
%% CSV goes to stdout, progress and diagnostics to stderr. Any violated
%% assertion (event on a dead child, unexpected exit reason, late event,
%% disagreement between two observation methods) aborts with exit code 2.
%%
%% How things are observed
%%  * Every child is a gen_server (this module) that traps exits. Its init/1
%%    writes {started, Index, Pid} and its terminate/2 writes
%%    {terminated, Index, Reason, Pid} into a public ordered_set ETS table,
%%    keyed by erlang:unique_integer([monotonic]) so the order of the log is
%%    the real order in which these things happened on the node.
%%  * A child killed by the supervisor gets exit(Pid, shutdown) (shutdown
%%    timeout 5000, so terminate/2 runs) and logs Reason = shutdown; the child
%%    that the event made exit logs its own reason (normal | {crash, Step}).
%%  * The supervisor's death (give-up) is observed with a monitor; its exit
%%    reason must be `shutdown`.
%%  * alive_after comes from supervisor:which_children/1 (children with a pid)
%%    and is cross-checked with is_process_alive/1 of the last pid each child
%%    logged.
%%
%% Time: OTP's add_restart/1 uses erlang:monotonic_time(second), i.e. whole
%% seconds. So that rows are deterministic, every scenario starts (t = 0)
%% ?ALIGN_MS milliseconds after a tick of erlang:monotonic_time(second), and
%% event times are chosen away from second ticks (asserted).

-module(otp_oracle).
-mode(compile).

-export([main/1]).
%% supervisor and gen_server callbacks (one module plays both roles;
%% init/1 dispatches on its argument)
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

-define(LOG, otp_oracle_log).
-define(ALIGN_MS, 20).       % t = 0 is this long after a monotonic second tick
-define(SETTLE_MS, 50).      % wait after the child's death before recording
-define(LATE_MS, 30).        % an event may start at most this late
-define(SHUTDOWN_MS, 5000).  % child spec shutdown (not brutal_kill)

%% ---------------------------------------------------------------------------
%% Scenarios: {Name, Strategy, RestartTypes, MaxRestarts, WithinS, Events}
%% Events: [{AtMs, ChildIndex, normal | crash}]
%% ---------------------------------------------------------------------------

-define(P4, [permanent, permanent, permanent, permanent]).
-define(MIX, [permanent, transient, temporary, permanent]).
-define(STRATS, [one_for_one, one_for_all, rest_for_one]).

scenarios() ->
    S = fun(St) -> atom_to_list(short(St)) end,
    lists:append([
      %% --- all permanent, 1 / 2 / 3 crashes, intensity 10 in 60 s -----------
      [ {S(St) ++ "_perm_1crash", St, ?P4, 10, 60, [{0, 1, crash}]}
        || St <- ?STRATS ],
      [ {S(St) ++ "_perm_2crash", St, ?P4, 10, 60,
         [{0, 2, crash}, {100, 0, crash}]}
        || St <- ?STRATS ],
      [ {S(St) ++ "_perm_3crash", St, ?P4, 10, 60,
         [{0, 3, crash}, {100, 1, crash}, {200, 0, crash}]}
        || St <- ?STRATS ],
      %% --- rest_for_one: first, middle, last --------------------------------
      [ {"rfo_perm_crash_0_2_3", rest_for_one, ?P4, 10, 60,
         [{0, 0, crash}, {100, 2, crash}, {200, 3, crash}]},
        {"rfo_perm6_crash_2", rest_for_one, lists:duplicate(6, permanent), 10, 60,
         [{0, 2, crash}]},
        {"ofa_perm6_crash_2", one_for_all, lists:duplicate(6, permanent), 10, 60,
         [{0, 2, crash}]},
        {"ofo_perm1_crash_0", one_for_one, [permanent], 10, 60,
         [{0, 0, crash}, {100, 0, crash}]} ],
      %% --- mixed types permanent|transient|temporary|permanent ---------------
      [ {S(St) ++ "_mix_transient_normal", St, ?MIX, 10, 60,
         [{0, 1, normal}]}
        || St <- ?STRATS ],
      [ {S(St) ++ "_mix_transient_crash", St, ?MIX, 10, 60,
         [{0, 1, crash}]}
        || St <- ?STRATS ],
      [ {S(St) ++ "_mix_temporary_crash", St, ?MIX, 10, 60,
         [{0, 2, crash}]}
        || St <- ?STRATS ],
      [ {S(St) ++ "_mix_perm0_crash", St, ?MIX, 10, 60,
         [{0, 0, crash}]}
        || St <- ?STRATS ],
      [ {S(St) ++ "_mix_perm3_crash", St, ?MIX, 10, 60,
         [{0, 3, crash}]}
        || St <- ?STRATS ],
      %% temporary already gone, then a group restart of another child
      [ {S(St) ++ "_mix_temporary_crash_then_perm0_crash", St, ?MIX, 10, 60,
         [{0, 2, crash}, {100, 0, crash}]}
        || St <- ?STRATS ],
      %% temporary terminated by a group restart (so gone), then another one
      [ {S(St) ++ "_mix_perm0_crash_twice", St, ?MIX, 10, 60,
         [{0, 0, crash}, {100, 0, crash}]}
        || St <- ?STRATS ],
      %% transient stopped normally (spec kept, not running), then a group
      %% restart: does the stopped transient come back?
      [ {S(St) ++ "_mix_transient_normal_then_perm0_crash", St, ?MIX, 10, 60,
         [{0, 1, normal}, {100, 0, crash}]}
        || St <- ?STRATS ],
      %% transient sibling terminated by a group restart and restarted, then
      %% it exits normal, then it crashes again
      [ {S(St) ++ "_mix_perm0_crash_then_transient_normal", St, ?MIX, 10, 60,
         [{0, 0, crash}, {100, 1, normal}, {200, 3, crash}]}
        || St <- ?STRATS ],
      %% --- permanent child exiting normal: restarted, and counts ------------
      [ {S(St) ++ "_perm_normal_max1", St, ?P4, 1, 5,
         [{0, 1, normal}, {100, 1, normal}]}
        || St <- ?STRATS ],
      %% --- intensity ---------------------------------------------------------
      %% 4 quick crashes with max 3 in 5 s: the 4th gives up
      [ {S(St) ++ "_int_3in5_quick", St, ?P4, 3, 5,
         [{0, 0, crash}, {100, 1, crash}, {200, 2, crash}, {300, 3, crash}]}
        || St <- ?STRATS ],
      %% same crashes 2 s apart, period 5 s: never more than 3 in the window
      [ {S(St) ++ "_int_3in5_spread2s", St, ?P4, 3, 5,
         [{0, 0, crash}, {2000, 1, crash}, {4000, 2, crash}, {6000, 3, crash}]}
        || St <- [one_for_one, one_for_all] ],
      %% 4 crashes 1.5 s apart, max 3 in 5 s: whole-second window
      %% (seconds 0,1,3,4 -> all 4 within 5 s -> give up)
      [ {"ofo_int_3in5_spread1500", one_for_one, ?P4, 3, 5,
         [{0, 0, crash}, {1500, 1, crash}, {3000, 2, crash}, {4500, 3, crash}]} ],
      %% max_restarts 0: first crash gives up
      [ {S(St) ++ "_int_max0_perm_crash", St, ?P4, 0, 5,
         [{0, 1, crash}]}
        || St <- ?STRATS ],
      %% max_restarts 0 with mixed types: transient normal and temporary
      %% crash do not count, transient crash does / permanent crash does
      [ {S(St) ++ "_int_max0_mix_nocount_then_perm", St, ?MIX, 0, 5,
         [{0, 1, normal}, {100, 2, crash}, {200, 3, crash}]}
        || St <- ?STRATS ],
      [ {S(St) ++ "_int_max0_mix_transient_crash", St, ?MIX, 0, 5,
         [{0, 1, crash}]}
        || St <- ?STRATS ],
      %% max 1: one group restart is fine, the second event gives up
      %% (a group restart counts once, not once per restarted child)
      [ {S(St) ++ "_int_max1_two_crashes", St, ?P4, 1, 5,
         [{0, 0, crash}, {100, 1, crash}]}
        || St <- ?STRATS ],
      %% max 3 under one_for_all with a 6-child group: 3 group restarts
      %% (18 child starts) are fine, the 4th event gives up
      [ {"ofa_int_max3_group6", one_for_all, lists:duplicate(6, permanent), 3, 5,
         [{0, 0, crash}, {100, 5, crash}, {200, 2, crash}, {300, 3, crash}]} ],
      %% --- time granularity: max 1 within 1 s ------------------------------
      %% t = 0 is 20 ms after a second tick; OTP compares whole seconds.
      [ {"ofo_int_p1_gap900", one_for_one, ?P4, 1, 1,
         [{0, 0, crash}, {900, 1, crash}]},
        {"ofo_int_p1_gap1000", one_for_one, ?P4, 1, 1,
         [{0, 0, crash}, {1000, 1, crash}]},
        {"ofo_int_p1_gap1100", one_for_one, ?P4, 1, 1,
         [{0, 0, crash}, {1100, 1, crash}]},
        {"ofo_int_p1_gap1900", one_for_one, ?P4, 1, 1,
         [{0, 0, crash}, {1900, 1, crash}]},
        {"ofo_int_p1_gap2100", one_for_one, ?P4, 1, 1,
         [{0, 0, crash}, {2100, 1, crash}]},
        %% 1.2 s apart but straddling two second ticks: outside the window
        {"ofo_int_p1_900_to_2100", one_for_one, ?P4, 1, 1,
         [{900, 0, crash}, {2100, 1, crash}]},
        %% 0.2 s apart straddling one tick: inside
        {"ofo_int_p1_900_to_1100", one_for_one, ?P4, 1, 1,
         [{900, 0, crash}, {1100, 1, crash}]},
        %% period 2 s
        {"ofo_int_p2_gap2900", one_for_one, ?P4, 1, 2,
         [{0, 0, crash}, {2900, 1, crash}]},
        {"ofo_int_p2_gap3100", one_for_one, ?P4, 1, 2,
         [{0, 0, crash}, {3100, 1, crash}]},
        %% sliding window, max 2 within 1 s: seconds 0,1,2 -> never 3 kept
        {"ofo_int_max2_p1_sliding", one_for_one, ?P4, 2, 1,
         [{0, 0, crash}, {1500, 1, crash}, {2500, 2, crash}, {3500, 3, crash}]},
        %% max 2 within 1 s: seconds 0,0,1 -> 3 kept -> give up
        {"ofo_int_max2_p1_third", one_for_one, ?P4, 2, 1,
         [{0, 0, crash}, {500, 1, crash}, {1500, 2, crash}]},
        %% old restarts expire: seconds 0,0 then 2,2 with max 2 within 1 s
        {"ofo_int_max2_p1_expire", one_for_one, ?P4, 2, 1,
         [{0, 0, crash}, {100, 1, crash}, {2100, 2, crash}, {2200, 3, crash},
          {2300, 0, crash}]}
      ]
    ]).

short(one_for_one) -> ofo;
short(one_for_all) -> ofa;
short(rest_for_one) -> rfo.

%% ---------------------------------------------------------------------------
%% main
%% ---------------------------------------------------------------------------

main(_Args) ->
    %% keep OTP's error/crash reports off stdout (and stderr)
    ok = logger:set_primary_config(level, none),
    process_flag(trap_exit, true),
    ets:new(?LOG, [named_table, public, ordered_set]),
    Scenarios = scenarios(),
    check_unique_names(Scenarios),
    Release = erlang:system_info(otp_release),
    info("OTP ~s (erts ~s, stdlib ~s), ~b scenarios",
         [otp_version(Release), erlang:system_info(version), stdlib_vsn(),
          length(Scenarios)]),
    io:format("scenario,strategy,restart_types,max_restarts,within_s,step,"
              "at_ms,child,exit,terminated,restarted,gave_up,alive_after~n"),
    Rows = lists:foldl(fun(Sc, N) -> N + run_scenario(Sc) end, 0, Scenarios),
    info("done: ~b scenarios, ~b rows", [length(Scenarios), Rows]),
    halt(0).

otp_version(Release) ->
    File = filename:join([code:root_dir(), "releases", Release, "OTP_VERSION"]),
    case file:read_file(File) of
        {ok, Bin} -> string:trim(binary_to_list(Bin));
        _ -> Release
    end.

stdlib_vsn() ->
    application:load(stdlib),
    {ok, V} = application:get_key(stdlib, vsn),
    V.

check_unique_names(Scenarios) ->
    Names = [element(1, S) || S <- Scenarios],
    case length(Names) =:= length(lists:usort(Names)) of
        true -> ok;
        false -> fail("duplicate scenario names", [])
    end.

%% ---------------------------------------------------------------------------
%% One scenario
%% ---------------------------------------------------------------------------

run_scenario({Name, Strategy, Types, MaxR, WithinS, Events}) ->
    N = length(Types),
    check_events(Name, Events, N),
    T0 = align_to_second(),
    clear_log(),
    {ok, Sup} = supervisor:start_link(?MODULE, {sup, Strategy, MaxR, WithinS, Types}),
    SupMon = erlang:monitor(process, Sup),
    %% initial start: all children, in index order
    Initial = [I || {started, I, _} <- drain_log()],
    Initial =:= lists:seq(0, N - 1) orelse
        fail("~s: initial start order ~p", [Name, Initial]),
    Pids0 = maps:from_list([{I, child_pid(Sup, I)} || I <- Initial]),
    Ctx = #{name => Name, strategy => Strategy, types => Types,
            max => MaxR, within => WithinS, t0 => T0, sup => Sup,
            supmon => SupMon, n => N},
    {Rows, GaveUp} = run_events(Ctx, Events, 1, Pids0),
    case GaveUp of
        true -> ok;
        false -> stop_sup(Sup, SupMon)
    end,
    flush_exit(Sup),
    info("~s: ~b rows~s", [Name, Rows, if GaveUp -> " (gave up)"; true -> "" end]),
    Rows.

check_events(Name, Events, N) ->
    lists:foldl(
      fun({At, C, E}, Prev) ->
              (At >= Prev) orelse fail("~s: events not in time order", [Name]),
              (C >= 0 andalso C < N) orelse fail("~s: bad child ~p", [Name, C]),
              lists:member(E, [normal, crash]) orelse fail("~s: bad exit ~p", [Name, E]),
              %% keep every event (and the supervisor's reaction) well away
              %% from a whole-second tick of monotonic time
              Phase = (At + ?ALIGN_MS) rem 1000,
              (Phase >= ?ALIGN_MS andalso Phase =< 950) orelse
                  fail("~s: event at ~b ms too close to a second tick", [Name, At]),
              At + ?SETTLE_MS + 20
      end, 0, Events).

run_events(_Ctx, [], _Step, _Pids) ->
    {0, false};
run_events(Ctx, [{At, Child, Exit} | Rest], Step, Pids) ->
    #{name := Name, t0 := T0, sup := Sup, supmon := SupMon, n := N} = Ctx,
    sleep_until(T0, At),
    Late = now_ms() - (T0 + At),
    Late =< ?LATE_MS orelse fail("~s step ~b: event ~b ms late", [Name, Step, Late]),
    %% the child must be alive (and be the one the supervisor knows)
    Pid = child_pid(Sup, Child),
    is_pid(Pid) andalso is_process_alive(Pid) orelse
        fail("~s step ~b: child ~b is not alive (~p)", [Name, Step, Child, Pid]),
    Pid =:= maps:get(Child, Pids) orelse
        fail("~s step ~b: pid mismatch for child ~b", [Name, Step, Child]),
    Reason = case Exit of
                 normal -> normal;
                 crash -> {crash, Step}
             end,
    Mon = erlang:monitor(process, Pid),
    gen_server:cast(Pid, {exit, Reason}),
    receive
        {'DOWN', Mon, process, Pid, Reason} -> ok;
        {'DOWN', Mon, process, Pid, Other} ->
            fail("~s step ~b: child exited with ~p", [Name, Step, Other])
    after 2000 ->
        fail("~s step ~b: child ~b did not exit", [Name, Step, Child])
    end,
    timer:sleep(?SETTLE_MS),
    GaveUp = sup_gave_up(Sup, SupMon),
    Log = drain_log(),
    %% classify the log
    lists:foreach(
      fun({terminated, I, R, P}) ->
              Ok = (R =:= shutdown) orelse (I =:= Child andalso P =:= Pid andalso R =:= Reason),
              Ok orelse fail("~s step ~b: unexpected termination ~p", [Name, Step, {I, R}]);
         ({started, _, _}) -> ok
      end, Log),
    [Child] =:= [I || {terminated, I, R, _} <- Log, R =:= Reason] orelse
        fail("~s step ~b: event child's own exit not logged once", [Name, Step]),
    Terminated = [I || {terminated, I, shutdown, _} <- Log],
    Restarted = [I || {started, I, _} <- Log],
    Pids1 = lists:foldl(fun({started, I, P}, M) -> M#{I => P};
                           (_, M) -> M
                        end, Pids, Log),
    %% alive afterwards, observed two ways
    OwnAlive = [I || I <- lists:seq(0, N - 1),
                     is_process_alive(maps:get(I, Pids1))],
    Alive = case GaveUp of
                true ->
                    OwnAlive =:= [] orelse
                        fail("~s step ~b: children alive after give-up ~p",
                             [Name, Step, OwnAlive]),
                    [];
                false ->
                    Which = lists:sort([I || {I, P, worker, _}
                                                 <- supervisor:which_children(Sup),
                                             is_pid(P)]),
                    Which =:= OwnAlive orelse
                        fail("~s step ~b: which_children ~p vs alive ~p",
                             [Name, Step, Which, OwnAlive]),
                    Which
            end,
    emit(Ctx, Step, At, Child, Exit, Terminated, Restarted, GaveUp, Alive),
    case GaveUp of
        true ->
            Rest =:= [] orelse info("~s: gave up at step ~b, ~b later events dropped",
                                    [Name, Step, length(Rest)]),
            {1, true};
        false ->
            {R, G} = run_events(Ctx, Rest, Step + 1, Pids1),
            {R + 1, G}
    end.

%% true if the supervisor has shut down (it must be with reason `shutdown`)
sup_gave_up(Sup, SupMon) ->
    receive
        {'DOWN', SupMon, process, Sup, shutdown} -> true;
        {'DOWN', SupMon, process, Sup, Other} ->
            fail("supervisor died with ~p", [Other])
    after 0 ->
        %% a synchronous call: returns once the supervisor has handled the
        %% child's EXIT (and every restart it implies), or fails if it died
        try sys:get_state(Sup, 5000) of
            _ -> false
        catch
            exit:_ ->
                receive
                    {'DOWN', SupMon, process, Sup, shutdown} -> true;
                    {'DOWN', SupMon, process, Sup, Other} ->
                        fail("supervisor died with ~p", [Other])
                after 5000 -> fail("supervisor neither alive nor dead", [])
                end
        end
    end.

stop_sup(Sup, SupMon) ->
    unlink(Sup),
    exit(Sup, shutdown),
    receive {'DOWN', SupMon, process, Sup, _} -> ok
    after 10000 -> fail("supervisor did not stop", [])
    end,
    clear_log().

flush_exit(Sup) ->
    receive {'EXIT', Sup, _} -> ok after 0 -> ok end.

child_pid(Sup, I) ->
    case lists:keyfind(I, 1, supervisor:which_children(Sup)) of
        {I, P, _, _} -> P;
        false -> undefined
    end.

%% ---------------------------------------------------------------------------
%% CSV
%% ---------------------------------------------------------------------------

emit(#{name := Name, strategy := St, types := Types, max := Max, within := W},
     Step, At, Child, Exit, Terminated, Restarted, GaveUp, Alive) ->
    Cols = [Name, atom_to_list(St), join([atom_to_list(T) || T <- Types]),
            integer_to_list(Max), integer_to_list(W), integer_to_list(Step),
            integer_to_list(At), integer_to_list(Child), atom_to_list(Exit),
            join_ints(Terminated), join_ints(Restarted), atom_to_list(GaveUp),
            join_ints(Alive)],
    io:format("~s~n", [lists:join(",", Cols)]).

join(Strs) -> lists:flatten(lists:join("|", Strs)).
join_ints(Is) -> join([integer_to_list(I) || I <- Is]).

%% ---------------------------------------------------------------------------
%% Time
%% ---------------------------------------------------------------------------

now_ms() -> erlang:monotonic_time(millisecond).

%% Wait for the next tick of erlang:monotonic_time(second) (the clock OTP's
%% add_restart/1 reads), then ?ALIGN_MS more. Returns t0 in ms.
align_to_second() ->
    S0 = erlang:monotonic_time(second),
    wait_tick(S0),
    timer:sleep(?ALIGN_MS),
    T0 = now_ms() - ?ALIGN_MS,
    %% sanity: t0 must be (just about) on the tick
    Phase = erlang:monotonic_time(millisecond) - erlang:monotonic_time(second) * 1000,
    (Phase >= ?ALIGN_MS andalso Phase < ?ALIGN_MS + 15) orelse
        info("warning: alignment phase ~b ms", [Phase]),
    T0.

wait_tick(S0) ->
    case erlang:monotonic_time(second) of
        S0 -> timer:sleep(1), wait_tick(S0);
        _ -> ok
    end.

sleep_until(T0, At) ->
    D = T0 + At - now_ms(),
    if D > 0 -> timer:sleep(D); true -> ok end.

%% ---------------------------------------------------------------------------
%% Log
%% ---------------------------------------------------------------------------

log(Event) ->
    ets:insert(?LOG, {erlang:unique_integer([monotonic]), Event}).

drain_log() ->
    L = [E || {_, E} <- ets:tab2list(?LOG)],
    ets:delete_all_objects(?LOG),
    L.

clear_log() -> ets:delete_all_objects(?LOG).

info(Fmt, Args) -> io:format(standard_error, "oracle: " ++ Fmt ++ "~n", Args).

fail(Fmt, Args) ->
    io:format(standard_error, "oracle: ASSERTION FAILED: " ++ Fmt ++ "~n", Args),
    halt(2).

%% ---------------------------------------------------------------------------
%% Callbacks
%% ---------------------------------------------------------------------------

%% supervisor
init({sup, Strategy, MaxR, WithinS, Types}) ->
    Flags = #{strategy => Strategy, intensity => MaxR, period => WithinS},
    Specs = [#{id => I,
               start => {gen_server, start_link, [?MODULE, {worker, I}, []]},
               restart => T,
               shutdown => ?SHUTDOWN_MS,
               type => worker,
               modules => [?MODULE]}
             || {I, T} <- lists:zip(lists:seq(0, length(Types) - 1), Types)],
    {ok, {Flags, Specs}};
%% gen_server child
init({worker, I}) ->
    process_flag(trap_exit, true),
    log({started, I, self()}),
    {ok, I}.

handle_call(_Req, _From, I) -> {reply, ok, I}.

handle_cast({exit, Reason}, I) -> {stop, Reason, I}.

handle_info(_Msg, I) -> {noreply, I}.

terminate(Reason, I) ->
    log({terminated, I, Reason, self()}),
    ok.
