"""A short tour of the analysis API, run by the tests (tests/test_analysis_example.py).

Load the network from a dataset file or build folder, ask it what stood on a
date, read a council's story, and run a contract query as a DataFrame.

>>> from datetime import date
>>> from graph.analysis import load, snapshot, council_timeline, query_df, show_network
>>> from graph.analysis import dcs_changes, interim_share, find_council
>>> G = load("tests/fixtures/analysis/two_councils.trig")

Who held which post on 1 January 2018, and how sure are we?

>>> H = snapshot(G, date(2018, 1, 1))
>>> sorted((H.nodes[u]["label"], d["role"], d["status"])
...        for u, v, d in H.edges(data=True) if d["kind"] == "held-post" and "E06900001" in v)
[('Bob Brown', 'dcs', 'certain'), ('Fay Fox', 'lead-member', 'possible'), ('Gus Gray', 'chief-executive', 'certain')]

How unstable was the leadership, with bounds where the dates are months?

>>> avonford = find_council(G, "Avonford")
>>> str(dcs_changes(G, avonford)), str(interim_share(G, avonford, (date(2020, 1, 1), date(2020, 12, 31))))
('4', '0.505..0.585')

The council's story, in order:

>>> story = council_timeline(G, "Avonford")
>>> list(story[story.kind == "partnership-formed"].when)
['2019-04']

Any contract query from queries/ as a DataFrame:

>>> df = query_df("tests/fixtures/analysis/two_councils.trig", "tenures")
>>> sorted(set(df.personName))[:3]
['Ann Able', 'Bob Brown', 'Cat Cole']

The network on a day, with the viewer's explorer for drawing it:

>>> view = show_network(G, date(2019, 6, 1))
>>> view.html.startswith("<iframe")
True
"""
